/** Longest doc name, in code points; leaves room for `-NNN` and an extension under 255 bytes. */
const MAX_NAME = 80;

/**
 * A document's name from its file stem: NFKC, lower case, letters and digits of any script
 * kept, every other run of characters turned into one '-', no leading dots or dashes, at
 * most 80 code points. The result never contains a path separator or '..', so it is safe as
 * a file name under raw/ and wiki/ whatever the input file was called.
 */
export function sanitizeDocName(stem: string): string {
  const cleaned = stem
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const bounded = Array.from(cleaned).slice(0, MAX_NAME).join('').replace(/[-_]+$/g, '');
  return bounded || 'document';
}

/**
 * Hands out names in scan order: the first file with a stem gets it, later ones get
 * `-2`, `-3`, … skipping names already taken in the KB. Because reservation happens in scan
 * order before any parallel work, `--jobs 4` gives exactly the names `--jobs 1` gives.
 */
export class NameReservations {
  private readonly taken: Set<string>;

  constructor(existing: Iterable<string>) {
    this.taken = new Set(existing);
  }

  reserve(stem: string): string {
    const base = sanitizeDocName(stem);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}-${n}`;
    this.taken.add(name);
    return name;
  }
}
