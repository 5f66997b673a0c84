import { attributeEntry } from './asciidoc-attributes.js';

/**
 * AsciiDoc's preprocessor, as Asciidoctor applies it before it reads a document's blocks:
 * `ifdef::name[]` … `endif::name[]` keeps the lines between only when the attribute is set
 * (`ifndef::` when it is not), and `include::file[]` pulls in another file. Git's manual pages
 * are full of both (diff-options.txt is shared by git-diff, git-log and git-format-patch,
 * each keeping its own lines); read as plain text they showed as directives a reader has no
 * use for, and every command's variant of a sentence one after the other.
 *
 * kb converts one file at a time: an included file is not there to read, so the directive is
 * dropped, as a page shows nothing of it. `ifeval::` cannot be evaluated without the including
 * document's attributes: its lines are kept (kb would rather show words than lose them).
 */
export function preprocessAsciidoc(lines: readonly string[]): string[] {
  const tested = testedNames(lines);
  const besideDirective = linesBesideDirectives(lines);
  const defined = new Set<string>();
  // One entry per open conditional: whether its lines are kept (an enclosing one's false wins).
  const open: boolean[] = [];
  const out: string[] = [];
  lines.forEach((line, i) => {
    const keeping = open.every(Boolean);
    if (ENDIF.test(line)) {
      open.pop();
      return;
    }
    const conditional = CONDITIONAL.exec(line);
    if (conditional) {
      const [, kind, names, content] = conditional;
      const holds = kind === 'ifeval' || isDefined(names!, defined) === (kind === 'ifdef');
      // `ifdef::name[text]` is a whole conditional on one line; ifeval's brackets hold its test.
      if (kind !== 'ifeval' && content !== '') {
        if (keeping && holds) out.push(content!);
      } else open.push(holds);
      return;
    }
    if (!keeping) return;
    if (INCLUDE.test(line)) return;
    const entry = attributeEntry(line);
    if (entry) {
      if (entry.unset) defined.delete(entry.name);
      else defined.add(entry.name);
      // An entry a conditional tests, or one among directives, is markup: the rest stay for
      // the converter to judge (text.ts: plain text has lines like `:returns: the count`).
      if (tested.has(entry.name) || besideDirective.has(i)) return;
    }
    out.push(line);
  });
  return out;
}

// `ifdef::a[]`, `ifdef::a,b[]` (either set), `ifdef::a+b[]` (both), `ifdef::a[one line]`, `ifeval::[test]`.
const CONDITIONAL = /^(ifdef|ifndef|ifeval)::([\w,+-]*)\[(.*)\][ \t]*$/;
const ENDIF = /^endif::[\w,+-]*\[\][ \t]*$/;
const INCLUDE = /^include::\S+\[[^\]]*\][ \t]*$/;

/** Whether `names` holds: one name, any of `a,b`, or all of `a+b`. */
function isDefined(names: string, defined: ReadonlySet<string>): boolean {
  if (names.includes(',')) return names.split(',').some((name) => defined.has(name));
  return names.split('+').every((name) => defined.has(name));
}

/** The attribute names the document's conditionals test. */
function testedNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    const conditional = CONDITIONAL.exec(line);
    if (conditional && conditional[1] !== 'ifeval') for (const name of conditional[2]!.split(/[,+]/)) names.add(name);
  }
  return names;
}

/** Indexes of the lines in a paragraph (lines between blank ones) that holds a directive. */
function linesBesideDirectives(lines: readonly string[]): Set<number> {
  const marked = new Set<number>();
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i]!.trim() !== '') continue;
    const paragraph = lines.slice(start, i);
    if (paragraph.some((line) => INCLUDE.test(line) || CONDITIONAL.test(line) || ENDIF.test(line))) {
      for (let k = start; k < i; k++) marked.add(k);
    }
    start = i + 1;
  }
  return marked;
}
