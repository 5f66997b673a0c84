/**
 * AsciiDoc attributes in text kb reads as AsciiDoc-ish (text.ts). A document defines them in
 * attribute entries (`:lore: https://lore.kernel.org/git/`) and refers to them as `{lore}`;
 * AsciiDoc shows the value, so the wiki must too: Git's manual pages write their own names
 * with `{litdd}` ("git-credential-cache{litdd}daemon"), which otherwise became a concept
 * page of its own and titles no reader would type.
 */

/**
 * The attributes every document has: Asciidoctor's character replacements, and Git's {litdd}
 * ("literal double dash", from Git's asciidoc.conf), which its manual pages use throughout.
 */
const BUILT_IN: Readonly<Record<string, string>> = {
  empty: '', blank: '', sp: ' ', nbsp: '\u00a0', zwsp: '\u200b', wj: '\u2060',
  apos: "'", quot: '"', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d',
  deg: '\u00b0', plus: '+', brvbar: '\u00a6', vbar: '|', amp: '&', lt: '<', gt: '>',
  startsb: '[', endsb: ']', caret: '^', asterisk: '*', tilde: '~', backslash: '\\', backtick: '`',
  'two-colons': '::', 'two-semicolons': ';;', cpp: 'C++', pp: '++',
  litdd: '--',
};

// `:name: value`, `:name:` (set, empty) or `:name!:` (unset), alone on its line.
const ENTRY = /^:([A-Za-z0-9_][\w-]*)(!?):(?:[ \t]+(.*?))?[ \t]*$/;
const REFERENCE = /\{([A-Za-z0-9_][\w-]*)\}/g;

/** The line as an attribute entry (`:name: value`, `:name!:` to unset), or undefined. */
export function attributeEntry(line: string): { name: string; unset: boolean; value: string } | undefined {
  const entry = ENTRY.exec(line);
  return entry ? { name: entry[1]!, unset: entry[2] === '!', value: entry[3] ?? '' } : undefined;
}

/** The attributes a document has defined so far, read line by line in its order. */
export class AsciidocAttributes {
  private readonly own = new Map<string, string>();
  private readonly referenced: ReadonlySet<string>;

  constructor(text: string) {
    this.referenced = new Set(Array.from(text.matchAll(REFERENCE), (m) => m[1]!));
  }

  /**
   * Takes the line when it is an attribute entry (true: it is markup, not text to keep): any
   * entry in the document's header (the lines right under its title), and in the body one the
   * text refers to. Plain text has lines like `:returns: the count` that are no entries.
   * A value that is a footnote macro is kept as the note's text in brackets.
   */
  take(line: string, inHeader: boolean): boolean {
    const entry = attributeEntry(line);
    if (!entry) return false;
    if (!inHeader && !this.referenced.has(entry.name)) return false;
    if (entry.unset) this.own.delete(entry.name);
    else this.own.set(entry.name, footnoteText(entry.value));
    return true;
  }

  /**
   * The line with each reference to a known attribute replaced by its value. A reference to
   * one the document never defined stays as written, as AsciiDoc leaves it: `@{u}` and
   * `master@{yesterday}` are Git's revision syntax, not attributes.
   */
  expand(line: string): string {
    if (!line.includes('{')) return line;
    return line.replace(REFERENCE, (reference, name: string) => this.own.get(name) ?? BUILT_IN[name] ?? reference);
  }
}

/**
 * The author an AsciiDoc document's header names in an `:author:` (or `:authors:`) entry
 * (Git's "Fighting regressions with git bisect": `:Author: Christian Couder`), without an
 * address in angle brackets; authors are separated by ", " as in the source page's `author:`.
 * Only the header is read: the lines from the top to the first blank line after the title.
 */
export function headerAuthor(text: string): string | undefined {
  let sawText = false;
  for (const line of text.split('\n', HEADER_LINES)) {
    if (line.trim() === '') {
      if (sawText) return undefined;
      continue;
    }
    sawText = true;
    const entry = ENTRY.exec(line);
    if (entry && /^authors?$/i.test(entry[1]!) && !entry[2] && entry[3]) {
      const names = entry[3].split(/\s*;\s*/).map((name) => name.replace(/<[^>]*>/g, '').trim()).filter((name) => name !== '');
      return names.length > 0 ? names.join(', ') : undefined;
    }
  }
  return undefined;
}

/** Lines a document header is looked for in. */
const HEADER_LINES = 40;

/** `footnote:[text]` and `footnoteref:[id,text]` as " (text)"; a bare `footnoteref:[id]` repeats a note: nothing. */
function footnoteText(value: string): string {
  const note = /^footnote(?:ref)?:\[(?:([\w-]+),)?([^\]]*)\]$/.exec(value);
  if (!note) return value;
  const isRepeat = value.startsWith('footnoteref:') && note[1] === undefined;
  return isRepeat ? '' : ` (${note[2]!.trim()})`;
}
