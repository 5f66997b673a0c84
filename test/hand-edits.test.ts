// Hand edits through the built binary (issue 15): people write in wiki/ with Obsidian, and no
// kb command may lose their words. Lines are appended to a concept, a summary and a source
// page; then add, recompile, remove of another document, lint --fix and recompile --all run,
// and each line must still be in its page or in the copy the command named on stderr. Edits
// inside kb's text are copied to wiki/conflicts/ before a rewrite; frontmatter keys the user
// added are carried over; pages kb never wrote are neither deleted nor taken over; status and
// doctor list what the user wrote; a kill mid-change restores the user's bytes exactly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { leftovers, listFiles } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-hand-edits-');

const DOCS: Record<string, string> = {
  'composting-at-home.md': '# Composting at Home\n\nComposting turns kitchen scraps into humus. Composting needs air and water.\n\n## Greens and browns\n\nComposting balances greens and browns. Greens are peelings; browns are dry leaves.\n',
  'garden-beds.md': '# Garden Beds\n\nRaised garden beds drain well. Composting feeds the garden beds every spring.\n\n## Mulch\n\nMulch keeps garden beds moist. Composting and mulch work together.\n',
  'bread-baking.md': '# Bread Baking\n\nSourdough bread needs a starter. The starter needs flour and water every day.\n',
};
// Composting is among this document's 3 best concepts, so it joins the Composting page.
const MORE_COMPOST = '# Compost Bins\n\nComposting in a bin keeps the heap tidy. Composting with a lid keeps rain out of the compost. Composting in winter is slow.\n';

const base = useKbWithDocs('kb-hand-edits-base-', DOCS);

const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
const append = (root: string, rel: string, text: string): void => fs.appendFileSync(path.join(root, rel), text);

async function kb(root: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = await runKb(['--kb', root, ...args]);
  expect(run.code, `kb ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run;
}

/** Where the user's line is now: in `page`, or in a copy some command named on stderr. */
function findLine(root: string, page: string, line: string, stderr: string): string | undefined {
  if (fs.existsSync(path.join(root, page)) && read(root, page).includes(line)) return page;
  for (const match of stderr.matchAll(/kept your edits of (\S+) in (\S+)/g)) {
    if (match[1] === page && read(root, match[2] as string).includes(line)) return match[2];
  }
  return undefined;
}

describe('hand edits survive every command', () => {
  it('notes appended to a concept, a summary and a source page outlive add, recompile, remove, lint --fix and recompile --all', async () => {
    const root = base.copy(tempDir());
    const lines = {
      'wiki/concepts/composting.md': 'My own line about composting: the heap smells of earth.',
      'wiki/summaries/garden-beds.md': 'My note: the south bed floods in March.',
      'wiki/sources/composting-at-home.md': 'Source note: my grandmother composted this way.',
    };
    for (const [page, line] of Object.entries(lines)) append(root, page, `\n${line}\n`);

    const input = path.join(tempDir(), 'more');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'compost-bins.md'), MORE_COMPOST);
    let stderr = '';
    const steps: string[][] = [['add', input], ['recompile', 'garden-beds'], ['remove', 'bread-baking', '--yes'], ['lint', '--fix'], ['recompile', '--all', '--yes']];
    for (const step of steps) {
      const run = await runKb(['--kb', root, ...step]);
      expect(run.code === 0 || (step[0] === 'lint' && run.code === 1), `kb ${step.join(' ')}\n${run.stderr}`).toBe(true);
      stderr += run.stderr;
      for (const [page, line] of Object.entries(lines)) expect(findLine(root, page, line, stderr), `${line} after kb ${step.join(' ')}`).toBe(page);
    }
    // The concept page was rewritten (a new document on it) with the note carried below kb's text.
    const concept = read(root, 'wiki/concepts/composting.md');
    expect(concept).toContain('[[summaries/compost-bins|');
    expect(concept).toMatch(/\n## Notes\n\nMy own line about composting/);
    expect(stderr).toContain('kept what you added to wiki/concepts/composting.md');
    // Nothing was copied aside: notes need no copy.
    expect(listFiles(root, 'wiki').filter((rel) => rel.startsWith('wiki/conflicts/'))).toEqual([]);

    const status = JSON.parse((await kb(root, 'status', '--json')).stdout) as { hand_edited: string[]; pages_with_notes: string[]; kept_copies: string[] };
    expect(status.hand_edited).toEqual([]);
    expect(status.pages_with_notes).toEqual(Object.keys(lines).sort());
    expect(status.kept_copies).toEqual([]);
    const doctor = await kb(root, 'doctor');
    expect(doctor.stdout).toContain('notes              wiki/concepts/composting.md');
  });

  it('an edit inside kb text is copied to wiki/conflicts/ before a rewrite or a delete, and the command says where', async () => {
    const root = base.copy(tempDir());
    const summary = 'wiki/summaries/composting-at-home.md';
    fs.writeFileSync(path.join(root, summary), read(root, summary).replace('# Composting at Home', '# Composting at Home\n\nMY EDIT: this summary is wrong about browns.'));
    const status = JSON.parse((await kb(root, 'status', '--json')).stdout) as { hand_edited: string[] };
    expect(status.hand_edited).toEqual([summary]);
    expect((await kb(root, 'doctor')).stdout).toContain(`hand-edited        ${summary}`);

    const recompiled = await kb(root, 'recompile', 'composting-at-home');
    const copy = /kept your edits of wiki\/summaries\/composting-at-home\.md in (wiki\/conflicts\/summaries\/composting-at-home\.[\d-]+\.md)/.exec(recompiled.stderr)?.[1];
    expect(copy, recompiled.stderr).toBeDefined();
    expect(read(root, copy as string)).toContain('MY EDIT: this summary is wrong about browns.');
    expect(read(root, summary)).not.toContain('MY EDIT');
    expect((await kb(root, 'recompile', 'composting-at-home')).stdout.trim()).toBe('composting-at-home: up to date');

    // A source page edited in its middle, then its document removed: the copy keeps the words.
    const source = 'wiki/sources/garden-beds.md';
    fs.writeFileSync(path.join(root, source), read(root, source).replace('Raised garden beds drain well.', 'Raised garden beds drain well (mine do not).'));
    const planned = await kb(root, 'remove', 'garden-beds', '--dry-run', '--json');
    expect(JSON.parse(planned.stdout).plan).toContainEqual({ action: 'KEEP', path: source, copy: expect.stringMatching(/^wiki\/conflicts\/sources\/garden-beds\.[\d-]+\.md$/) });
    expect((await kb(root, 'remove', 'garden-beds', '--dry-run')).stdout).toMatch(/KEEP {4}wiki\/sources\/garden-beds\.md {2}\(your edits, copied to wiki\/conflicts\//);
    const removed = await kb(root, 'remove', 'garden-beds', '--yes');
    const sourceCopy = /kept your edits of wiki\/sources\/garden-beds\.md in (\S+)/.exec(removed.stderr)?.[1];
    expect(read(root, sourceCopy as string)).toContain('(mine do not)');
    // The copies are the user's: lint and doctor do not judge their links.
    const lint = await runKb(['--kb', root, 'lint', '--json']);
    expect(JSON.parse(lint.stdout).issues.filter((i: { page: string }) => i.page.startsWith('wiki/conflicts/'))).toEqual([]);
    const doctor = await runKb(['--kb', root, 'doctor', '--json']);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, hand_edits: { kept_copies: [copy, sourceCopy].sort() } });
  });

  it('notes after kb text stay in the page when kb text was edited too: the page is copied and the notes carried over', async () => {
    const root = base.copy(tempDir());
    const concept = 'wiki/concepts/composting.md';
    const edited = read(root, concept).replace('Composting turns kitchen', 'MY EDIT: Composting turns kitchen');
    expect(edited).toContain('MY EDIT');
    fs.writeFileSync(path.join(root, concept), `${edited}\n## My notes\n\nThe heap by the shed is two years old.\n`);

    const input = path.join(tempDir(), 'more');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'compost-bins.md'), MORE_COMPOST);
    const added = await kb(root, 'add', input);
    expect(added.stderr).toContain(`kept what you added to ${concept}`);
    const copy = new RegExp(`kept your edits of ${concept} in (\\S+)`).exec(added.stderr)?.[1];
    expect(copy, added.stderr).toBeDefined();
    expect(read(root, copy as string)).toContain('MY EDIT: Composting turns');
    const page = read(root, concept);
    expect(page).toContain('[[summaries/compost-bins');
    expect(page.endsWith('\n## My notes\n\nThe heap by the shed is two years old.\n')).toBe(true);
    expect(page.match(/The heap by the shed/g)).toHaveLength(1);
    // From then on the notes are notes: another rewrite carries them without a copy.
    const recompiled = await kb(root, 'recompile', '--all', '--yes');
    expect(recompiled.stderr).not.toContain('kept your edits');
    expect(read(root, concept).endsWith('\n## My notes\n\nThe heap by the shed is two years old.\n')).toBe(true);
  });

  it('frontmatter keys the user added (tags, aliases) are carried into kb rewrites without a copy', async () => {
    const root = base.copy(tempDir());
    const page = 'wiki/concepts/composting.md';
    fs.writeFileSync(path.join(root, page), read(root, page).replace('type: concept\n', 'type: concept\ntags: [garden, soil]\naliases:\n  - compost making\n'));
    const input = path.join(tempDir(), 'more');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'compost-bins.md'), MORE_COMPOST);
    const added = await kb(root, 'add', input);
    expect(added.stderr).not.toContain('kept your edits');
    const after = read(root, page);
    expect(after).toContain('[[summaries/compost-bins|');
    expect(after).toMatch(/^tags: \[garden, soil\]\naliases:\n {2}- compost making\n---\n/m);
    // kb's own text is unchanged by the keys: a recompile finds nothing to do.
    expect((await kb(root, 'recompile', '--all')).stdout.trim()).toBe('4 documents: up to date');
  });

  it('lint --fix never deletes a duplicate concept page the user wrote; user pages at a new concept slug or document name are left alone', async () => {
    const root = base.copy(tempDir());
    const mine = 'wiki/concepts/composting-mine.md';
    fs.writeFileSync(path.join(root, mine), '---\ntitle: Composting\ntype: concept\n---\nmy own notes on compost\n');
    const fixed = await runKb(['--kb', root, 'lint', '--fix', '--json']);
    const issue = (JSON.parse(fixed.stdout).issues as { kind: string; page: string; hint: string }[]).find((i) => i.kind === 'duplicate-concept');
    expect(issue, fixed.stdout).toMatchObject({ page: mine, hint: expect.stringContaining('kb did not write') });
    expect(read(root, mine)).toBe('---\ntitle: Composting\ntype: concept\n---\nmy own notes on compost\n');

    // The user writes the page of a concept no document has yet; a document then brings it
    // (its second term: a page of its own with concepts_per_document 2; a term with a key
    // sentence ranks before one without, so the document says what a compost bin is).
    // And a summary page of their own under the name the next document would take.
    const config = path.join(root, '.kb/config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^  concepts_per_document: 1$/m, '  concepts_per_document: 2'));
    fs.writeFileSync(path.join(root, 'wiki/concepts/compost-bin.md'), 'my page about bins\n');
    fs.writeFileSync(path.join(root, 'wiki/summaries/compost-bins.md'), 'my summary of bins\n');
    const input = path.join(tempDir(), 'more');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'compost-bins.md'), MORE_COMPOST.replace('Composting in a bin keeps', 'A compost bin keeps'));
    expect((await kb(root, 'add', input)).stdout).toContain('→ compost-bins-2');
    expect(read(root, 'wiki/concepts/compost-bin.md')).toBe('my page about bins\n');
    expect(read(root, 'wiki/summaries/compost-bins.md')).toBe('my summary of bins\n');
    expect(read(root, 'wiki/summaries/compost-bins-2.md')).toMatch(/\[\[concepts\/compost-bin-2\|/);
    const removed = await kb(root, 'remove', 'compost-bins-2', '--yes');
    expect(removed.stderr).not.toContain('compost-bin.md');
    expect(read(root, 'wiki/concepts/compost-bin.md')).toBe('my page about bins\n');
    expect(read(root, 'wiki/summaries/compost-bins.md')).toBe('my summary of bins\n');
  });

  it('a kill mid-change with an edited page restores the user bytes exactly, and no copy is left', async () => {
    const root = base.copy(tempDir());
    const summary = 'wiki/summaries/composting-at-home.md';
    fs.writeFileSync(path.join(root, summary), read(root, summary).replace('# Composting at Home', '# Composting at Home\n\nMY EDIT.'));
    append(root, 'wiki/concepts/composting.md', '\nmy note\n');
    const before = Object.fromEntries(listFiles(root, 'wiki').map((rel) => [rel, read(root, rel)]));
    const crashed = await runKb(['--kb', root, 'recompile', '--all', '--yes'], { env: { KB_TEST_CRASH_AT: 'target:1:applied' } });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    await kb(root, 'status');
    expect(Object.fromEntries(listFiles(root, 'wiki').map((rel) => [rel, read(root, rel)]))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });
});
