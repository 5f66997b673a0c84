import { isWhiteSpace, type CodeRange } from './clean-inline-markdown.js';

// Why not wink-nlp's tokens (measured, issue 16): wink splits names the way code does not
// (pg_hba.conf → pg _ hba . conf, write-ahead → write - ahead, C++ → C + +), and a concept or
// entity here is often such a name. Tokenising the prose between code spans with wink (its
// token types for the kinds) cut concept F1@10 from 0.199 to 0.171 (0.227 to 0.213 with
// corpus frequencies) and search MRR@10 from 0.872 to 0.870, at 4.4 times the time (537 ms vs
// 121 ms for the 12,911 text units of ../shared/corpus md/ and txt/). wink still tags the
// parts of speech (tag-parts-of-speech.ts), reading these tokens masked as plain words.

/**
 * word: prose word, hyphenated or slashed ones included (write-ahead, UTF-8, PL/Perl, I/O);
 * code: a name as written in code (`pg_dump`, PQexec, pg_hba.conf, C++, $libdir) or a short
 * code span kept whole (`ALTER TABLE`, `double precision`), or a name a longer span holds
 * (`spi_exec_query(query, limit)` → spi_exec_query); number: 15, 9.4, 1.2.3; punct: anything
 * else, URLs and the rest of long code spans included, which ends a phrase.
 */
export type TokenKind = 'word' | 'code' | 'number' | 'punct';

export interface Token {
  text: string;
  start: number;
  end: number;
  kind: TokenKind;
}

const URL = /(?:https?|ftp|file):\/\/[^\s<>"]+|www\.[^\s<>"]+/uy;
// Joiners inside a word: _ . - / and C++'s ::; a trailing ++ or # (C++, C#); a leading $ or .
// (as in $libdir, .pgpass), the dashes of a command-line option (--jobs) and the @ of a scoped
// package (@vitest/expect; not an address's @, which no slash follows).
const WORD = /(?:--?(?=\p{L})|[$.](?=\p{L})|@(?=[\p{L}\p{N}][\p{L}\p{N}_.-]*\/[\p{L}\p{N}]))?[\p{L}\p{N}_]+(?:(?:[_.\-/]|::)[\p{L}\p{N}_]+)*(?:\+\+|#(?![\p{L}\p{N}]))?/uy;
const NUMBER = /^\p{N}+(?:[.,]\p{N}+)*$/u;
// What marks a word as a code name: an underscore, camelCase (PQexec, but also PostgreSQL,
// which is a name too), a dot inside (but not e.g), letters and digits run together (md5,
// log10), ++, #, $.
const CODE_LIKE = /_|\p{Ll}\p{Lu}|[\p{L}\p{N}]\.[\p{L}\p{N}]|\p{L}\p{N}|\p{N}\p{L}|\+\+$|#$|^[$.@]|::|^--?/u;
// A code span short and plain enough to be a name: up to four words of name characters, each
// with a letter or digit (`node .` is a command, not a name), a scoped package's @ first.
const CODE_NAME = /^@?[\p{L}\p{N}_$.#+:/-]*[\p{L}\p{N}][\p{L}\p{N}_$.#+:/-]*(?: [\p{L}\p{N}_$.#+:/-]*[\p{L}\p{N}][\p{L}\p{N}_$.#+:/-]*){0,3}$/u;
// A command that installs or runs a package (`npm install hivectl`, `npx hivectl init`): an
// instruction to the reader, never a name.
const PACKAGE_COMMAND = /^(?:npm|npx|pnpm|pnpx|yarn|bun|bunx|deno|node|pip3?|pipx|gem|cargo|composer|brew|apt|apt-get|dnf|yum) \S/;

/** Tokens of one text unit, with offsets into it. Code spans come whole or not at all. */
export function tokenize(text: string, code: readonly CodeRange[] = []): Token[] {
  const tokens: Token[] = [];
  const spans = [...code].sort((a, b) => a.start - b.start);
  let i = 0;
  let next = 0;
  while (i < text.length) {
    const span = spans[next];
    if (span && span.start <= i) {
      const content = text.slice(span.start, span.end);
      if (span.end > i && !span.placeholder && CODE_NAME.test(content) && /\p{L}/u.test(content) && !PACKAGE_COMMAND.test(content)) {
        tokens.push({ text: content, start: span.start, end: span.end, kind: 'code' });
      } else if (span.end > i) {
        pushNamesInCode(tokens, content, span.start, span.placeholder);
      }
      i = Math.max(i, span.end);
      next++;
      continue;
    }
    const limit = span ? span.start : text.length;
    const ch = text[i]!;
    // Not /\s/.test(ch): a regular expression a character was a tenth of tokenising (profiled).
    if (isWhiteSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // An address starts with one of these letters; trying the pattern elsewhere is wasted (profiled).
    const url = ch === 'h' || ch === 'f' || ch === 'w' ? matchAt(URL, text, i, limit) : undefined;
    const matched = url ?? matchAt(WORD, text, i, limit);
    if (matched === undefined) {
      tokens.push({ text: ch, start: i, end: i + 1, kind: 'punct' });
      i++;
      continue;
    }
    const kind: TokenKind = url !== undefined ? 'punct' : NUMBER.test(matched) ? 'number' : isCodeLike(matched) ? 'code' : 'word';
    tokens.push({ text: matched, start: i, end: i + matched.length, kind });
    i += matched.length;
  }
  return tokens;
}

// In a longer code span, the names worth keeping: a function called (spi_exec_query(…)) and
// identifiers with an underscore (search_path); each stands alone between boundaries.
const NAME_IN_CODE = /[\p{L}_$][\p{L}\p{N}_$.]*(?=\s*\()|[\p{L}\p{N}$.]*_[\p{L}\p{N}_$.]*/gu;

function pushNamesInCode(tokens: Token[], content: string, offset: number, placeholder: boolean): void {
  const end = offset + content.length;
  if (!placeholder) {
    for (const m of content.matchAll(NAME_IN_CODE)) {
      const name = m[0].replace(/\.+$/, '');
      if (!/\p{L}/u.test(name) || /^_|_$/.test(name)) continue;
      const start = offset + m.index;
      tokens.push({ text: name, start, end: start + name.length, kind: 'code' });
      tokens.push({ text: '', start: start + name.length, end: start + name.length, kind: 'punct' });
    }
  }
  tokens.push({ text: '', start: end, end, kind: 'punct' });
}

// A word of ASCII letters, lower case after the first: no alternative of CODE_LIKE matches one,
// and most words are such. Testing this first spares the costly Unicode test (profiled:
// isCodeLike was two fifths of tokenising the R reference manual).
const PLAIN_ASCII_WORD = /^[A-Za-z][a-z]*$/;

/** Whether a single word is written like a code name rather than an English word. */
export function isCodeLike(word: string): boolean {
  return !PLAIN_ASCII_WORD.test(word) && CODE_LIKE.test(word) && !NUMBER.test(word) && !/^(?:\p{L}\.)+\p{L}?$/u.test(word);
}

/** The match of a sticky regex at `at`, cut where a code span begins. */
function matchAt(re: RegExp, text: string, at: number, limit: number): string | undefined {
  re.lastIndex = at;
  // test, not exec: where the match ends is all that is needed, and exec built a match array
  // for every word of every document, garbage that the collector then had to sweep.
  if (!re.test(text)) return undefined;
  return text.slice(at, Math.min(re.lastIndex, limit));
}
