import type { TextUnit } from './markdown-text-units.js';
import { withFinalStop, withoutBareUrls } from './sentence-check.js';

/**
 * A sentence as a page shows it: a run-in "Abstract" and an address that ends it left out, a
 * full stop after a list item written without one, and a lower-case code name that opens it
 * shown as code
 * ("`pg_waldump` displays the write-ahead log …"), since reference manuals start sentences
 * with the name they describe and the code marks tell the reader it is a name, not a
 * sentence cut at its start. Other code spans read as plain words, as they do everywhere.
 * `subject`, the document's lower-case name when the sentence opens with it as its subject
 * (summarize.ts), is shown as code too.
 */
export function shownSentence(unit: Pick<TextUnit, 'text' | 'code'>, subject?: string): string {
  const start = unit.text.length - unit.text.trimStart().length;
  const first = unit.code[0];
  let text = unit.text.trim();
  if (first !== undefined && first.start === start && !first.placeholder && !/^[\p{Lu}\p{N}]/u.test(text) && /^ [\p{Ll}(]/u.test(unit.text.slice(first.end, first.end + 2))) {
    text = `\`${unit.text.slice(first.start, first.end)}\`${unit.text.slice(first.end).trimEnd()}`;
  } else if (subject !== undefined && text.startsWith(`${subject} `)) {
    // READMEs open the same way without the code marks ("pump is a small node module …").
    text = `\`${subject}\`${text.slice(subject.length)}`;
  }
  return withFinalStop(withoutBareUrls(withoutRunInLabel(text)));
}

/** The sentence without a paper's run-in "Abstract" label before it. */
export function withoutRunInLabel(text: string): string {
  return text.replace(RUN_IN_LABEL, '');
}

// A paper's "Abstract" set as a run-in heading reaches the text layer as the sentence's first
// word: "Abstract This package defines the alltt environment, …".
const RUN_IN_LABEL = /^(?:Abstract|Summary)[.:]?\s+(?=\p{Lu})/u;
