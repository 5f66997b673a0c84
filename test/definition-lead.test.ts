// "What is X?" where X is a concept inside a larger page, not a document's title: the offline
// answer opens with the sentence of the retrieved passages that defines X, quoted and cited,
// whatever the search ranked first; document titles keep their description (offline-answer.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../src/commands/query.js';
import { askedSubject, definitionGrade } from '../src/search/defining-sentence.js';
import { answerSentences, assembleOfflineAnswer, type Passage } from '../src/search/offline-answer.js';
import { newKb } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';

const DEFINITION = 'A savepoint is a special mark inside a transaction that allows all commands executed after it to be rolled back.';

const PASSAGES: Passage[] = [
  { page: 'wiki/sources/transactions.md', title: 'Transactions › Notes', section: 3, heading: 'Notes', text: 'Savepoints can only be established when inside a transaction block. There can be many savepoints defined within a transaction.' },
  { page: 'wiki/sources/transactions.md', title: 'Transactions › Savepoints', section: 2, heading: 'Savepoints', text: `Use ROLLBACK TO to go back to a savepoint.\n\n${DEFINITION}` },
  { page: 'wiki/summaries/transactions.md', title: 'Transactions', section: null, text: 'Transactions bundle several steps into one all-or-nothing operation.\n\nSavepoints can only be established when inside a transaction block.' },
];

describe('an offline answer to "what is X" where X is no document title', () => {
  it('opens with the sentence that defines X, cited to its section, in every way of asking', () => {
    for (const question of ['What is a savepoint?', 'What are savepoints?', 'What does savepoint mean?', 'What is a savepoint and when is it used?', 'what is meant by savepoint']) {
      const answer = assembleOfflineAnswer(question, PASSAGES);
      expect(answerSentences(answer.text)[0], question).toBe(DEFINITION);
      expect(answer.text.split('\n\n')[0], question).toMatch(/\(\[\[sources\/transactions#Savepoints\|Transactions › Savepoints\]\]\)$/);
      // The rest of the answer is still there, and the definition is quoted once.
      expect(answerSentences(answer.text).filter((s) => s === DEFINITION)).toHaveLength(1);
      expect(answerSentences(answer.text).length).toBeGreaterThan(1);
    }
  });

  it('prefers "X is a …" to "X is the …", and the passage about X to one that mentions it in passing', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/locks.md', title: 'Locks › Overview', section: 1, heading: 'Overview', text: 'The savepoint is the place a failed lock wait returns to.' },
      { page: 'wiki/sources/errors.md', title: 'Errors › Recovery', section: 4, heading: 'Recovery', text: 'A savepoint is a mark that error recovery rolls back to.' },
      { page: 'wiki/sources/transactions.md', title: 'Transactions › Savepoints', section: 2, heading: 'Savepoints', text: DEFINITION },
    ];
    expect(answerSentences(assembleOfflineAnswer('What is a savepoint?', passages).text)[0]).toBe(DEFINITION);
    // A topic page quoting the definition is headed by X too: the source it quotes is cited.
    const quoted = [{ page: 'wiki/concepts/savepoint.md', title: 'savepoint', section: null, text: passages[1]!.text }, passages[1]!];
    expect(assembleOfflineAnswer('What is a savepoint?', quoted).citations[0]!.page).toBe('wiki/sources/errors.md');
  });

  it('answers as ranked when no sentence defines X', () => {
    const passages = PASSAGES.map((p) => ({ ...p, text: p.text.replace(DEFINITION, 'Savepoints are released by RELEASE SAVEPOINT when no longer needed.') }));
    const answer = assembleOfflineAnswer('What is a savepoint?', passages);
    expect(answerSentences(answer.text)[0]).toBe('Savepoints can only be established when inside a transaction block.');
  });

  it('finds X named with its context ("in libpq") and a code name the index kept without its marks', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/libpq-rows.md', title: 'Row-by-Row › Caution', section: 2, heading: 'Caution', text: 'Ordinarily, libpq discards any such rows and reports only the error.' },
      { page: 'wiki/sources/libpq-rows.md', title: 'Row-by-Row', section: 0, heading: 'Row-by-Row', text: 'Single-row mode is a way to retrieve the rows of a query one at a time in libpq.' },
    ];
    expect(answerSentences(assembleOfflineAnswer('What is single-row mode in libpq?', passages).text)[0]).toBe('Single-row mode is a way to retrieve the rows of a query one at a time in libpq.');
    const plugin: Passage[] = [
      { page: 'wiki/sources/frob-plugins.md', title: 'Plugins › Output', section: 3, heading: 'Output', text: 'The output of test_frob lists every change it decodes.' },
      { page: 'wiki/sources/frob-plugins.md', title: 'Plugins', section: 0, heading: 'Plugins', text: 'test_frob is an example of a logical decoding output plugin.' },
    ];
    expect(answerSentences(assembleOfflineAnswer('What does test_frob mean?', plugin).text)[0]).toBe('`test_frob` is an example of a logical decoding output plugin.');
  });

  it('keeps the description of the document titled X first', () => {
    const passages: Passage[] = [...PASSAGES, { page: 'wiki/summaries/savepoint.md', title: 'SAVEPOINT', section: null, text: 'SAVEPOINT establishes a new savepoint within the current transaction.' }];
    expect(answerSentences(assembleOfflineAnswer('What is SAVEPOINT?', passages).text)[0]).toBe('SAVEPOINT establishes a new savepoint within the current transaction.');
  });
});

describe('the subject a question asks to have defined', () => {
  it('reads X from the ways of asking what X is, and nothing from other questions', () => {
    expect(askedSubject('What is a partial index and when is it useful?')?.text).toBe('partial index');
    expect(askedSubject('What are savepoints?')?.names).toContain('savepoint');
    expect(askedSubject('What does git frob do?')?.text).toBe('git frob');
    expect(askedSubject('What is single-row mode in libpq?')?.names).toContain('single-row mode');
    expect(askedSubject('How do I roll back to a savepoint?')).toBeUndefined();
  });

  it('grades a sentence by how squarely it says what X is', () => {
    const savepoint = askedSubject('What is a savepoint?')!;
    expect(definitionGrade('A savepoint is a special mark inside a transaction.', savepoint)).toBe(3);
    expect(definitionGrade('Savepoints are one of the oldest features.', savepoint)).toBe(3);
    expect(definitionGrade('A _savepoint_ (a mark) refers to a point in a transaction.', savepoint)).toBe(2);
    expect(definitionGrade('Savepoints can only be established inside a transaction block.', savepoint)).toBe(0);
    expect(definitionGrade('Use ROLLBACK TO to go back to a savepoint.', savepoint)).toBe(0);
    expect(definitionGrade('ALTER VIEW changes properties of a view.', askedSubject('What is ALTER VIEW?')!)).toBe(1);
    expect(definitionGrade('Views changes nothing.', askedSubject('What is a view?')!)).toBe(0);
    // A command list's entry says what the command named does, as "X does …" does.
    const status = askedSubject('What does git status do?')!;
    expect(definitionGrade('`git-status(1)`: Show the working tree status.', status)).toBe(1);
    expect(definitionGrade('`git-stash(1)`: Stash the changes in a dirty working directory away.', status)).toBe(0);
    expect(definitionGrade('`git-checkout(1)`: Switch branches or restore working tree files.', askedSubject('What is git sparse-checkout?')!)).toBe(0);
  });
});

describe('kb query --offline "What is X?" for a concept inside a larger page', () => {
  it('opens with the sentence that defines it, from the page it is defined in', async () => {
    const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-define-')));
    const root = newKb(work);
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(
      path.join(input, 'transactions.md'),
      [
        '# Transactions',
        '',
        'A transaction bundles several steps into one all-or-nothing operation. The database keeps the steps apart from other sessions until the transaction commits.',
        '',
        '## Rolling back',
        '',
        'Savepoints allow you to selectively discard parts of the transaction while committing the rest. After rolling back to a savepoint, it stays defined, so you can roll back to it again.',
        '',
        '## Savepoints',
        '',
        'Use ROLLBACK TO to go back to a savepoint and RELEASE to forget it.',
        '',
        'A savepoint is a special mark inside a transaction that allows all commands executed after it to be rolled back.',
        '',
        'Savepoints can only be established when inside a transaction block.',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(input, 'bank-ledger.md'), '# Bank Ledger\n\nThe ledger records every transfer between accounts. Each transfer runs inside a transaction with a savepoint before the fee is charged.\n');
    try {
      const added = await runKb(['--kb', root, '--offline', 'add', input]);
      expect(added.code, added.stderr).toBe(0);
      for (const question of ['What is a savepoint?', 'What are savepoints and when are they used?']) {
        const run = await runKb(['--kb', root, '--offline', '--json', 'query', question]);
        expect(run.code, run.stderr).toBe(0);
        const result = JSON.parse(run.stdout) as QueryResult;
        expect(answerSentences(result.answer)[0], question).toBe('A savepoint is a special mark inside a transaction that allows all commands executed after it to be rolled back.');
        expect(result.citations[0]!.page, question).toBe('wiki/sources/transactions.md');
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
