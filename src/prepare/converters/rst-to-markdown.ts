import { rstInline } from './rst-inline.js';

/**
 * reStructuredText (Python's and Sphinx's documentation) as Markdown. Section titles come
 * from their underlines (and overlines); as in docutils, a heading style's level is the
 * order in which the style first appears, so the first title is the document's. Prose keeps
 * its paragraphs; literal blocks (`::`, `.. code-block::`, doctest `>>>`) become fenced code;
 * admonitions and the body of object descriptions stay prose; index entries, toctrees,
 * link targets, substitutions and comments are markup for the build and are left out.
 */
export interface RstDocument {
  markdown: string;
  /** The first section title, as plain text; undefined when the document has none. */
  title: string | undefined;
  /** Docinfo fields at the top (`:Author: …`), lower-cased keys. */
  metadata: Record<string, string>;
}

const ADORNMENT = /^([!-/:-@[-`{-~])\1{2,}\s*$/;
const DIRECTIVE = /^(\s*)\.\.\s+(?:([\w:-]+)::(?:\s+(.*))?|(.*))$/;
const CODE_DIRECTIVES = new Set(['code-block', 'code', 'sourcecode', 'doctest', 'testcode', 'testoutput', 'productionlist', 'parsed-literal', 'math']);
// Build machinery: what they hold is never prose a reader sees in this place.
const DROPPED_DIRECTIVES = new Set([
  'index', 'toctree', 'include', 'literalinclude', 'highlight', 'highlightlang', 'module', 'currentmodule',
  'sectionauthor', 'moduleauthor', 'codeauthor', 'contents', 'raw', 'image', 'meta', 'tabularcolumns',
  'default-role', 'role', 'testsetup', 'testcleanup', 'autosummary', 'automodule', 'autoclass',
  'autofunction', 'audit-event', 'impl-detail', 'spelling', 'only-if', 'sectnum', 'header', 'footer', 'target-notes',
]);
const OBJECT_DIRECTIVES = /^(?:\w+:)?(?:function|method|classmethod|staticmethod|class|exception|data|attribute|module|decorator|decoratormethod|describe|object|cmdoption|option|envvar|opcode|pdbcommand|type|member|macro|var|coroutinefunction|coroutinemethod|abstractmethod|property)$/;
const ADMONITION_LABELS: Record<string, string> = {
  note: 'Note', warning: 'Warning', seealso: 'See also', tip: 'Tip', important: 'Important', caution: 'Caution',
  attention: 'Attention', danger: 'Danger', error: 'Error', hint: 'Hint', versionadded: 'New in version',
  versionchanged: 'Changed in version', deprecated: 'Deprecated since version',
};

export function rstToMarkdown(text: string): RstDocument {
  const lines = text.replace(/\t/g, '        ').split('\n').map((line) => line.trimEnd());
  const out: string[] = [];
  const styles: string[] = [];
  const metadata: Record<string, string> = {};
  let title: string | undefined;
  let literalNext = false;
  let i = 0;
  const pushBlank = () => {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  };
  // Docinfo: a field list before any other text.
  while (i < lines.length && lines[i] === '') i++;
  for (let field: RegExpExecArray | null; (field = /^:([\w -]+):\s+(.*)$/.exec(lines[i] ?? '')); i++) {
    metadata[field[1]!.trim().toLowerCase()] = rstInline(field[2]!.trim());
  }
  while (i < lines.length) {
    const line = lines[i]!;
    const heading = readHeading(lines, i);
    if (heading) {
      let level = styles.indexOf(heading.style);
      if (level === -1) level = styles.push(heading.style) - 1;
      const text = plainTitle(heading.text);
      title ??= text;
      pushBlank();
      out.push(`${'#'.repeat(Math.min(level + 1, 6))} ${text}`, '');
      i = heading.next;
      continue;
    }
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      const end = blockEnd(lines, i + 1, directive[1]!.length + 1);
      emitDirective(out, directive[2]?.toLowerCase(), directive[3] ?? '', lines.slice(i + 1, end), pushBlank);
      i = end;
      continue;
    }
    if (ADORNMENT.test(line) && (lines[i - 1] ?? '') === '') {
      i++; // A transition between paragraphs.
      continue;
    }
    if (literalNext && /^\s/.test(line)) {
      const end = blockEnd(lines, i, indentOf(line));
      pushFence(out, '', dedent(lines.slice(i, end)), pushBlank);
      literalNext = false;
      i = end;
      continue;
    }
    if (/^\s*>>>/.test(line) && (lines[i - 1] ?? '').trim() === '') {
      let end = i;
      while (end < lines.length && lines[end]!.trim() !== '') end++;
      pushFence(out, 'pycon', dedent(lines.slice(i, end)), pushBlank);
      i = end;
      continue;
    }
    if (line.trim() !== '') literalNext = false;
    if (/::$/.test(line) && ((lines[i + 1] ?? '') === '' || /^\s/.test(lines[i + 1] ?? ''))) {
      literalNext = true;
      // "Text::" reads "Text:", "Text ::" reads "Text", a lone "::" reads as nothing.
      const shown = /^\s*::$/.test(line) ? '' : /\s::$/.test(line) ? line.replace(/\s+::$/, '') : line.slice(0, -1);
      if (shown.trim() !== '') out.push(proseLine(shown));
      i++;
      continue;
    }
    out.push(line === '' ? '' : proseLine(line));
    i++;
  }
  const markdown = out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n*$/, '\n');
  return { markdown, title, metadata };
}

/** A title with its underline (and overline), or undefined. */
function readHeading(lines: readonly string[], i: number): { text: string; style: string; next: number } | undefined {
  const line = lines[i]!;
  const over = ADORNMENT.exec(line);
  if (over && i + 2 < lines.length) {
    const text = lines[i + 1]!;
    const under = ADORNMENT.exec(lines[i + 2]!);
    if (text.trim() !== '' && under && under[1] === over[1] && line.length >= text.trim().length) {
      return { text: text.trim(), style: `over${over[1]}`, next: i + 3 };
    }
  }
  const next = lines[i + 1];
  if (next === undefined || line.trim() === '' || /^\s/.test(line) || ADORNMENT.test(line)) return undefined;
  const under = ADORNMENT.exec(next);
  if (!under || next.length < Math.min(line.length, 4)) return undefined;
  if (i > 0 && lines[i - 1] !== '' && !ADORNMENT.test(lines[i - 1]!)) return undefined;
  return { text: line.trim(), style: under[1]!, next: i + 2 };
}

/**
 * A prose line without its indentation: reST indents block quotes and definitions, which
 * Markdown would read as indented code after a blank line. An auto-numbered item is numbered.
 */
function proseLine(line: string): string {
  return rstInline(line.trimStart().replace(/^#\.\s/, '1. '));
}

function emitDirective(out: string[], name: string | undefined, argument: string, body: string[], pushBlank: () => void): void {
  if (name === undefined) return; // A comment, a link target (`.. _label:`), a footnote or a substitution.
  // An object's further signatures continue the directive line, up to a blank or an option line.
  const signatureEnd = OBJECT_DIRECTIVES.test(name) ? firstIndex(body, (l) => l.trim() === '' || /^\s+:[\w-]+:/.test(l)) : 0;
  const content = dedent(dropOptions(body.slice(signatureEnd)));
  if (CODE_DIRECTIVES.has(name)) {
    pushFence(out, name === 'math' ? 'latex' : /^[\w+#.-]+$/.test(argument) ? argument : '', content, pushBlank);
    return;
  }
  if (DROPPED_DIRECTIVES.has(name) || name.endsWith(':index')) return;
  pushBlank();
  if (OBJECT_DIRECTIVES.test(name)) {
    // `.. function:: spam(eggs)`: the signature is the term the paragraph below defines.
    for (const signature of [argument, ...body.slice(0, signatureEnd)]) {
      if (signature.trim()) out.push(`\`${signature.trim().replace(/`/g, '')}\``, '');
    }
  } else if (ADMONITION_LABELS[name] !== undefined) {
    const label = ADMONITION_LABELS[name]!;
    const lead = /^version/.test(name) || name === 'deprecated' ? `${label} ${argument.trim()}.` : argument.trim() ? `${label}: ${argument.trim()}` : '';
    if (lead) out.push(rstInline(lead), '');
  } else if (argument.trim() && /^(?:rubric|topic|sidebar|admonition|table|csv-table|list-table|figure)$/.test(name)) {
    out.push(`**${rstInline(argument.trim())}**`, '');
  }
  if (name === 'figure' || name === 'image') return;
  const inner = rstToMarkdown(content.join('\n')).markdown.trim();
  if (inner) out.push(inner, '');
}

function pushFence(out: string[], language: string, body: string[], pushBlank: () => void): void {
  while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
  while (body.length > 0 && body[0]!.trim() === '') body.shift();
  if (body.length === 0) return;
  const longest = Math.max(0, ...body.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  pushBlank();
  out.push(`${fence}${language}`, ...body, fence, '');
}

function firstIndex(lines: readonly string[], test: (line: string) => boolean): number {
  const found = lines.findIndex(test);
  return found === -1 ? lines.length : found;
}

/** The end (exclusive) of the indented block from `start`: the first text line indented less than `min`. */
function blockEnd(lines: readonly string[], start: number, min: number): number {
  let end = start;
  for (let j = start; j < lines.length; j++) {
    if (lines[j] === '') continue;
    if (indentOf(lines[j]!) < min) break;
    end = j + 1;
  }
  return end;
}

/** Leading option lines of a directive body (`:linenos:`, `:caption: x`). */
function dropOptions(body: readonly string[]): string[] {
  let start = 0;
  while (start < body.length && /^\s+:[\w-]+:(?:\s|$)/.test(body[start]!)) start++;
  return body.slice(start);
}

function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map(indentOf);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(cut));
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Heading text as a reader sees it: roles reduced, reST's ` --- ` dash typeset. */
function plainTitle(text: string): string {
  return rstInline(text).replace(/`+([^`]+?)`+/g, '$1').replace(/\s+---?\s+/g, ' — ').trim();
}
