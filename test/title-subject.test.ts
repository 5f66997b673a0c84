// saysWhatItIs: whether a sentence says what the titled thing is or does (summarize.ts prefers a
// man page's name line to a sentence that does not; analyze-document.ts gives a document's own
// concept the sentence that does).
import { describe, expect, it } from 'vitest';
import { namesFirst, saysWhatItIs, titleNamesSubject } from '../src/analyze/title-subject.js';

describe('saysWhatItIs', () => {
  it('takes the name, the command, a verb in -s or a definition of a term of the title', () => {
    expect(saysWhatItIs('`git-grep` prints lines matching a pattern.', 'git-grep(1)')).toBe(true);
    expect(saysWhatItIs('This command formats the lines of its standard input into a table.', 'git-column(1)')).toBe(true);
    expect(saysWhatItIs('Compares the files in the working tree and the index.', 'git-diff-files(1)')).toBe(true);
    expect(saysWhatItIs('A savepoint is a special mark inside a transaction.', 'SAVEPOINT')).toBe(true);
    expect(saysWhatItIs('A partial index is an index built over a subset of a table.', 'Partial Indexes')).toBe(true);
  });

  it('does not take an option description, a plural subject or a definition of something else', () => {
    expect(saysWhatItIs('Defaults to the upstream branch of HEAD.', 'git-cherry(1)')).toBe(false);
    expect(saysWhatItIs('Clients may store and retrieve credentials.', 'git-credential-cache--daemon(1)')).toBe(false);
    expect(saysWhatItIs('The result is a "human-readable" object name which can also be used to identify the commit.', 'git-describe(1)')).toBe(false);
  });
});

describe('namesFirst and titleNamesSubject', () => {
  it('takes a sentence that opens with the whole name, in code marks or not', () => {
    expect(namesFirst('`pg_waldump` displays the write-ahead log.', 'pg_waldump')).toBe(true);
    expect(namesFirst('ALTER VIEW changes various auxiliary properties of a view.', 'ALTER VIEW')).toBe(true);
    expect(namesFirst('github is a host for repositories.', 'git')).toBe(false);
    expect(namesFirst('Echo the commands that dropdb generates.', 'dropdb')).toBe(false);
  });

  it('takes a name or a command in capitals as a title that names its subject, not a word in capitals or a topic', () => {
    expect(titleNamesSubject('ALTER VIEW')).toBe(true);
    expect(titleNamesSubject('REFRESH MATERIALIZED VIEW')).toBe(true);
    expect(titleNamesSubject('git-diff-files(1)')).toBe(true);
    expect(titleNamesSubject('README')).toBe(false);
    expect(titleNamesSubject('Installation')).toBe(false);
    expect(titleNamesSubject('Partial Indexes')).toBe(false);
  });
});
