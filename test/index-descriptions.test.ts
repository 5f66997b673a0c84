import { describe, expect, it } from 'vitest';
import { documentEntry } from '../src/compile/catalog-pages.js';
import { clipAtWord } from '../src/model/clip-at-word.js';

// index.md and catalogue pages show each document's description after its title, clipped to
// one line: never mid-word or mid-bracket (issue 17, item 3).
describe('descriptions on listing lines', () => {
  it('shows a description whole when it fits, its first sentence when that fits, else cuts at a word', () => {
    expect(clipAtWord('A short description of the document.')).toBe('A short description of the document.');
    const two = 'The vacuum process reclaims storage occupied by dead tuples in every table. This keeps tables from growing without bound between runs, which matters on busy servers.';
    expect(clipAtWord(two)).toBe('The vacuum process reclaims storage occupied by dead tuples in every table.');
    const long = 'Clones a repository into a newly created directory, creates remote-tracking branches for each branch in the cloned repository (visible using git branch --remotes), and creates and checks out an initial branch.';
    const cut = clipAtWord(long);
    expect(cut).toBe('Clones a repository into a newly created directory, creates remote-tracking branches for each branch in the cloned repository…');
    expect(cut.length).toBeLessThanOrEqual(140);
  });

  it('does not end on a dangling word, a comma or an open code span', () => {
    const text = 'The proposed commit log message taken from the e-mail is re-coded into UTF-8 encoding, and the configuration variable `i18n.commitEncoding can be used` for that.';
    const cut = clipAtWord(text, 120);
    expect(cut).toBe('The proposed commit log message taken from the e-mail is re-coded into UTF-8 encoding…');
    expect(clipAtWord('word '.repeat(40).trim(), 20)).toBe('word word word word…');
    // Punctuation left after the cut ("none):::") is dropped, not the word, so a bracket it closes stays closed.
    const option = 'Default is the first parent unless another option is in use, in which case first-parent is the default. + --diff-merges=(off|none)::: --no-diff-merges::: Disable output.';
    expect(clipAtWord(option)).toBe('Default is the first parent unless another option is in use, in which case first-parent is the default. + --diff-merges=(off none)…');
    expect(clipAtWord('This command implements a simplified shipout that bypasses the foreground and background hooks, e.g. those of the output routine and more.', 110)).toBe('This command implements a simplified shipout that bypasses the foreground and background hooks…');
    expect(clipAtWord('x'.repeat(200), 20)).toBe(`${'x'.repeat(19)}…`);
  });

  it('is what a document listing line shows', () => {
    const description = 'Sourcemaps are difficult to generate and manipulate, because the mappings property, the part that actually links the generated code back to the original source, is encoded using an obscure method.';
    const line = documentEntry({ name: 'codec', title: 'sourcemap-codec', description });
    expect(line).toBe('- [[summaries/codec|sourcemap-codec]] — Sourcemaps are difficult to generate and manipulate, because the mappings property…');
  });
});
