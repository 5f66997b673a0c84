/**
 * TeX source shown in documentation PDFs (package manuals print their macros) is code, not
 * prose: a line made mostly of macros, braces and parameters is fenced as a `tex` block, so
 * `\expandafter` or `\csname` never become concepts and never open a key sentence.
 */
const MACRO = /\\[A-Za-z@_:]+|\\./g;
const SYNTAX = /[{}[\]#%@$^]/g;
// Primitives that only programming code uses; prose about them names them in passing.
const PROGRAMMING = /\\(?:[egx]?def|csname|endcsname|expandafter|makeatletter|makeatother|let|relax|catcode|ifx|ifnum|fi|else|begingroup|endgroup|newcommand|renewcommand|providecommand|DeclareRobustCommand|NewDocumentCommand|ExplSyntaxOn|cs_new|tl_set|bool_if|noexpand|unexpanded|global|long|protected)(?![A-Za-z@])/;

export function isTexSourceLine(line: string): boolean {
  const macros = line.match(MACRO) ?? [];
  if (macros.length === 0) return false;
  const nonSpace = line.replace(/\s+/g, '').length;
  const texChars = macros.join('').length + (line.match(SYNTAX)?.length ?? 0);
  const ratio = texChars / nonSpace;
  // Words outside macros: prose that mentions \def has many; code has few.
  const words = line.replace(MACRO, ' ').match(/\p{L}{2,}/gu)?.length ?? 0;
  if (ratio >= 0.6) return true;
  if (PROGRAMMING.test(line) || /\\[A-Za-z]*@[A-Za-z@]*/.test(line)) return ratio >= 0.3 && words <= 4;
  return macros.length >= 2 && ratio >= 0.4 && words <= 5;
}

/** Fences each run of TeX source lines; a line of closing braces alone continues a run. */
export function fenceTexSource(lines: readonly string[]): string[] {
  const out: string[] = [];
  let open = false;
  lines.forEach((line, i) => {
    const tex = isTexSourceLine(line) || (open && /^[\s{}[\]%]+$/.test(line) && line.trim() !== '');
    if (tex && !open) out.push('```tex');
    if (!tex && open) out.push('```');
    open = tex;
    out.push(line);
    if (open && i === lines.length - 1) out.push('```');
  });
  return out;
}
