/**
 * reStructuredText inline markup as Markdown. Roles that name code (`:func:`, `:mod:`,
 * `:class:` …) become code spans, so the analyser treats them as identifiers and never as
 * words of a sentence; every other role (`:ref:`, `:term:`, `:doc:`) becomes its text. A
 * role's target syntax is reduced to what a reader sees: `:ref:`text <label>`` → text,
 * `:func:`~a.b.c`` → c, `:meth:`!x`` → x.
 */
const CODE_ROLES = new Set([
  'func', 'meth', 'class', 'mod', 'attr', 'data', 'const', 'exc', 'obj', 'var', 'envvar', 'option',
  'program', 'file', 'source', 'samp', 'kbd', 'code', 'macro', 'type', 'member', 'cfunc', 'cmember', 'ctype',
  'cdata', 'cmacro', 'keyword', 'command', 'makevar', 'token', 'literal', 'opcode', 'pdbcmd',
]);

const ROLE = /:(?:[\w-]+:)?([\w-]+):`((?:[^`\\]|\\.)+)`/g;
const INLINE_LITERAL = /``(?!\s)([^`]*?\S)``/g;
const NAMED_LINK = /`([^`<]*?)\s*<([^`>]+)>`__?/g;
const REFERENCE = /`([^`]+)`__?(?![\w])/g;
const SIMPLE_REFERENCE = /(?<![\w`])([A-Za-z][\w-]*[A-Za-z0-9])__?(?=[\s.,;:!?)]|$)/g;
const FOOTNOTE_REFERENCE = /\s?\[(?:#[\w-]*|\*|\d+)\]_/g;
const DEFAULT_ROLE = /(?<![\w`])`([^`]+)`(?![\w`_])/g;

export function rstInline(text: string): string {
  // Inline literals first, and kept away from the other rules: their text is verbatim.
  const literals: string[] = [];
  const hold = (code: string) => `\u0000${literals.push(code) - 1}\u0000`;
  let out = text.replace(INLINE_LITERAL, (_, body: string) => hold(codeSpan(body)));
  out = out.replace(ROLE, (_, role: string, body: string) => {
    const shown = roleText(body);
    return CODE_ROLES.has(role.toLowerCase()) ? hold(codeSpan(shown)) : shown;
  });
  out = out
    .replace(NAMED_LINK, (_, label: string, target: string) => (/^\w+:\/\//.test(target) && label ? `[${label}](${target})` : label || target))
    .replace(REFERENCE, '$1')
    .replace(FOOTNOTE_REFERENCE, '')
    .replace(SIMPLE_REFERENCE, '$1')
    .replace(DEFAULT_ROLE, '$1');
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => literals[Number(i)]!);
}

/** What a role shows: the title of `title <target>`, the last part of `~a.b`, without `!`. */
function roleText(body: string): string {
  const titled = /^([\s\S]*?)\s*<[^<>]+>$/.exec(body);
  if (titled && titled[1]!.trim()) return titled[1]!.trim().replace(/\\(.)/g, '$1');
  let shown = body.replace(/^[!]/, '').replace(/\\(.)/g, '$1').trim();
  if (shown.startsWith('~')) shown = shown.slice(1).split('.').pop() ?? shown;
  return shown;
}

function codeSpan(body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${body} ${ticks}` : `${ticks}${body}${ticks}`;
}
