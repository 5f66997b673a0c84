/** Longest slug before a collision suffix: file names stay well under every file system's limit. */
export const MAX_SLUG_LENGTH = 80;

/**
 * Windows device names are not usable as file names there (con.md included); a KB must be
 * portable, so such a slug gets a suffix like any collision.
 */
const RESERVED = new Set(['con', 'prn', 'aux', 'nul', ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`), ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`)]);

/**
 * A file-name-safe form of a concept or entity key: ASCII-folded (é → e, ł → l), lowercase, runs of
 * anything but letters and digits as one hyphen, capped in length. Only [a-z0-9-] remain, so
 * no `..`, slash or dot file can come out of it; a key with no ASCII letter or digit at all
 * (e.g. 東京) falls back to `fallback`, and the collision suffix tells such pages apart.
 */
export function slugify(key: string, fallback: string): string {
  const folded = key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐðÐ]/g, 'd')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[þÞ]/g, 'th')
    .replace(/ı/g, 'i')
    .toLowerCase();
  const slug = folded
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  if (slug === '') return fallback;
  return RESERVED.has(slug) ? `${slug}-1` : slug;
}

/**
 * The slug for a new page: the key's slug, or with `-2`, `-3`, … when another key already
 * has it. `taken` answers for the registry and for slugs given out earlier in the same
 * changeset; the chosen slug is recorded in the registry, so it never changes afterwards.
 */
export function allocateSlug(key: string, fallback: string, taken: (slug: string) => boolean): string {
  const base = slugify(key, fallback);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
