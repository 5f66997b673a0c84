import { describe, expect, it } from 'vitest';
import { cleanInlineMarkdown } from '../src/analyze/clean-inline-markdown.js';
import { isProse } from '../src/analyze/sentence-check.js';
import { isCodeLike, tokenize } from '../src/analyze/tokenize.js';

/*
 * The offline engine's hot paths skip regular expressions where a cheaper test gives the same
 * answer (a plain ASCII word is never code-like, text without a markup character has no
 * markup, letters are counted in one pass). Each is checked here against the regular
 * expressions it stands for, on edge cases and on seeded random text, so that a fast path
 * that answers differently fails a test instead of changing a wiki.
 */

// The definitions the fast paths replace, as they were.
const CODE_LIKE = /_|\p{Ll}\p{Lu}|[\p{L}\p{N}]\.[\p{L}\p{N}]|\p{L}\p{N}|\p{N}\p{L}|\+\+$|#$|^[$.]|::|^--?/u;
const NUMBER = /^\p{N}+(?:[.,]\p{N}+)*$/u;
const codeLikeByRegex = (word: string): boolean => CODE_LIKE.test(word) && !NUMBER.test(word) && !/^(?:\p{L}\.)+\p{L}?$/u.test(word);

function proseByRegex(text: string): boolean {
  const worded = text.replace(/\p{L}[\p{L}_]*\p{N}[\p{L}\p{N}_]*/gu, (name) => name.replace(/[\p{N}_]/gu, 'x'));
  const letters = (worded.match(/\p{L}/gu) ?? []).length;
  const digits = (worded.match(/\p{N}/gu) ?? []).length;
  const symbols = (text.match(/[\\{}<>=|_#$%^~@[\]]/g) ?? []).length;
  if (letters < text.length * 0.7 || digits > text.length * 0.05 || symbols > Math.max(2, text.length * 0.02)) return false;
  return !/\bet al\b|\barXiv\b|\bdoi\b|https?:|\bpreprint\b|\bIn Proceedings\b|^(?:Table|Figure|Fig\.) \d/u.test(text);
}

/** Seeded, so a failure replays. */
function randomTexts(pieces: readonly string[], count: number, seed = 7): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(24) }, () => pieces[next(pieces.length)]!).join(''));
}

const PIECES = ['word', 'Word', 'aB', 'x86', 'utf8', '_', ' ', '  ', '.', ',', '1', '2.5', 'é', 'ß', 'Ω', '٣', '²', '𝑥', '𝟙', '\ud800', '\u00a0', '\t', '\u2028', '\u3000', '\u000b', '\u001f', 'http://a.b/c', 'www.x.org', 'h', 'f', 'w', '-', '--', '$', '::', '++', '#', '\\', '{', '|', '~', '`', '*', '**', '[', ']', '(', ')', '!', '<', '>', '&', '&amp;', ';'];

describe('fast paths of the offline engine answer as the regular expressions they replace', () => {
  it('isCodeLike: plain ASCII words are never code; the rest as CODE_LIKE says', () => {
    for (const word of ['abc', 'Abc', 'ABC', 'aBc', 'PostgreSQL', 'pg_dump', 'md5', 'e.g', 'C++', 'C#', '$libdir', '--jobs', 'é', 'Élan', 'naïve', '15', ...randomTexts(PIECES, 3000)]) {
      expect(isCodeLike(word), word).toBe(codeLikeByRegex(word));
    }
  });

  it('tokenize: white space of every kind separates, and only h, f and w can open an address', () => {
    expect(tokenize('see http://x.org/a and\u00a0ftp://y\u3000www.z.org or hftp://q').map((t) => [t.text, t.kind])).toEqual([
      ['see', 'word'],
      ['http://x.org/a', 'punct'],
      ['and', 'word'],
      ['ftp://y', 'punct'],
      ['www.z.org', 'punct'],
      ['or', 'word'],
      ['hftp', 'word'],
      [':', 'punct'],
      ['/', 'punct'],
      ['/', 'punct'],
      ['q', 'word'],
    ]);
    expect(tokenize('a\u000bb\u001fc').map((t) => t.text)).toEqual(['a', 'b', '\u001f', 'c']);
  });

  it('isProse: letters, digits and symbols counted by code point, digits inside names as letters', () => {
    const edge = ['The value of x86_64 builds is set in utf8 files for every user here.', 'Ω and 𝑥 and ٣ and ² and \ud800 are counted as the regular expressions count them.', 'Version 1.2.3 of 2019 has 45 changes in 67 files and 89 tests, all 10 passing.', 'A sentence with {braces} and <angle> brackets and a | pipe and a # hash in it.'];
    for (const text of [...edge, ...randomTexts(PIECES, 5000)]) expect(isProse(text), text).toBe(proseByRegex(text));
  });

  it('cleanInlineMarkdown: text without a markup character comes out as the full parse gives it', () => {
    const texts = randomTexts(PIECES, 5000);
    expect(texts.filter((t) => !/[`*_[<&\\]/.test(t)).length).toBeGreaterThan(500);
    for (const text of texts) {
      const plain = cleanInlineMarkdown(text);
      if (!/[`*_[<&\\]/.test(text)) expect(plain, text).toEqual({ text: text.replace(/\s+/gu, ' ').trim(), code: [], emphasis: [] });
      // These characters at the end form no markup and join none, but they make the full parse
      // run whatever characters the fast path looks for: it must give the same text and ranges.
      const parsed = cleanInlineMarkdown(`${text} & < \\ [`);
      expect({ ...parsed, text: parsed.text.replace(/ ?& < \\ \[$/, '') }, text).toEqual(plain);
    }
  });
});
