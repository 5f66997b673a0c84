// `kb chat` with the offline engine, through the built binary: a piped session with every
// slash command (/add runs the real add, /save writes an exploration that lint accepts),
// sessions stored per turn (--list, --resume by prefix, --delete, ambiguous prefixes), a
// `kb add` in another process committing while a chat waits at its prompt, SIGTERM and
// kill -9. Chat ids are fixed through KB_TEST_CHAT_IDS.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChatSummary } from '../src/store/chat-sessions.js';
import { danglingLinks, expectConsistent, registry } from './support/kb-state.js';
import { startKb } from './support/interactive-kb.js';
import { runKb } from './support/run-kb.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-chat-');

const DOCS: Record<string, string> = {
  'tug-manual.md': ['# Tug Manual', '', 'How the harbour tugs work.', '', '## Towing lines', '', 'Towing lines are made of nylon and checked for chafe before each tow.', '', '## Engine room', '', 'The engine room holds two diesel engines. The bilge pump runs on a float switch and empties the bilge every hour.', ''].join('\n'),
  'lighthouse.md': '# Lighthouse Keeping\n\nKeepers trimmed the lamp wick every evening.\n\n## The lens\n\nA Fresnel lens focuses the lamp into a beam seen twenty miles out.\n',
};
const DUES = '# Harbour Dues\n\nShips pay dues by tonnage when they berth. The harbour master keeps the ledger of dues.\n';

/** A KB with the two documents, added once; each test gets a copy. */
const base = useKbWithDocs('kb-chat-template-', DOCS);

function kbCopy(): { root: string; work: string } {
  const work = fs.realpathSync(tempDir());
  return { root: base.copy(work), work };
}

/** `kb chat` fed `lines` on a pipe (stdin ends after them). */
async function chatPiped(root: string, lines: string[], args: string[] = [], ids = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const chat = startKb(['--kb', root, 'chat', ...args], { KB_TEST_CHAT_IDS: ids });
  chat.type(lines.map((l) => `${l}\n`).join(''));
  chat.child.stdin!.end();
  const { code } = await chat.exited;
  return { code, stdout: chat.stdout(), stderr: chat.stderr() };
}

async function sessions(root: string): Promise<ChatSummary[]> {
  const run = await runKb(['--kb', root, '--json', 'chat', '--list']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ChatSummary[];
}

/** The stored messages of a session, read from kb.db directly. */
function storedMessages(root: string, id: string): { role: string; text: string; citations: { page: string }[] }[] {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT role, text, citations FROM chat_messages WHERE chat = ? ORDER BY seq').all(id) as { role: string; text: string; citations: string }[];
    return rows.map((r) => ({ ...r, citations: JSON.parse(r.citations) as { page: string }[] }));
  } finally {
    db.close();
  }
}

describe('kb chat, piped', () => {
  it('answers line by line and runs every slash command; /add adds for real, /save writes an exploration lint accepts', async () => {
    const { root, work } = kbCopy();
    fs.writeFileSync(path.join(work, 'dues.md'), DUES);
    const run = await chatPiped(
      root,
      ['what does the bilge pump run on?', '/help', '/status', '/list', '/search fresnel lens', '/nonsense', `/add ${path.join(work, 'missing.md')}`, `/add ${path.join(work, 'dues.md')}`, '/list', 'who keeps the ledger of dues?', '/save Harbour questions', '/lint', '/clear', '/save', '/exit', 'never asked'],
      [],
      'aa11aa11,bb22bb22',
    );
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('The bilge pump runs on a float switch and empties the bilge every hour.');
    expect(out).toContain('Sources:\n  wiki/sources/tug-manual.md  Tug Manual › Engine room');
    for (const command of ['/help', '/status', '/list', '/search <q>', '/add <path>', '/save [name]', '/clear', '/lint', '/exit']) expect(out).toContain(`  ${command}`);
    expect(out).toMatch(/documents\s+2\n/);
    expect(out).toContain('chat session      aa11aa11 (1 turn(s))');
    expect(out).toMatch(/\d\. Lighthouse Keeping › The lens\n    wiki\/sources\/lighthouse.md/);
    // Unknown command and a bad path: one error line each, and the session goes on.
    expect(run.stderr).toContain('kb: error: unknown command /nonsense (/help lists them)');
    expect(out).toMatch(/failed\s+\S*missing\.md: no such file or folder/);
    expect(out).toMatch(/added\s+\S*dues\.md → dues/);
    expect(out).toMatch(/dues\s+Harbour Dues\nlighthouse\s+Lighthouse Keeping\ntug-manual\s+Tug Manual/);
    expect(out).toContain('The harbour master keeps the ledger of dues.');
    expect(out).toContain('saved to wiki/explorations/harbour-questions.md');
    expect(out).toMatch(/0 error\(s\), \d+ warning\(s\); report: wiki\/reports\/lint-/);
    expect(out).toContain('new session bb22bb22; the last one is kept: kb chat --resume aa11aa11');
    // /save in the fresh session: nothing to save yet.
    expect(run.stderr).toContain('error: nothing to save yet: ask a question first');
    expect(out).not.toContain('never asked');

    // /add went through the real pipeline: registered, with its files.
    expect(registry(root).map((r) => r.name).sort()).toEqual(['dues', 'lighthouse', 'tug-manual']);
    expectConsistent(root, 'after /add');
    const listed = await runKb(['--kb', root, 'list']);
    expect(listed.stdout).toContain('dues');

    // The transcript: both turns, their citations, listed in index.md; lint and doctor clean.
    const page = fs.readFileSync(path.join(root, 'wiki/explorations/harbour-questions.md'), 'utf8');
    expect(page).toMatch(/^---\ntitle: Harbour questions\ntype: exploration\n/);
    expect(page).toContain('## what does the bilge pump run on?\n\nThe bilge pump runs on a float switch');
    expect(page).toContain('## who keeps the ledger of dues?');
    expect(page).toContain('[[sources/dues');
    expect(fs.readFileSync(path.join(root, 'wiki/index.md'), 'utf8')).toContain('[[explorations/harbour-questions|Harbour questions]]');
    expect(danglingLinks(root)).toEqual([]);
    const lint = await runKb(['--kb', root, '--json', 'lint']);
    expect(lint.code, lint.stdout).toBe(0);
    expect((JSON.parse(lint.stdout) as { errors: number }).errors).toBe(0);
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);

    // One session with the two turns; the cleared one had none, so it was never stored.
    expect((await sessions(root)).map((s) => [s.id, s.title, s.messages])).toEqual([['aa11aa11', 'what does the bilge pump run on?', 4]]);
    for (const m of storedMessages(root, 'aa11aa11')) for (const c of m.citations) expect(fs.existsSync(path.join(root, c.page)), c.page).toBe(true);
  });

  it('stores sessions: --list, --resume by prefix continues the session, ambiguous and unknown prefixes exit 2, --delete', async () => {
    const { root } = kbCopy();
    expect((await runKb(['--kb', root, 'chat', '--list'])).stdout).toContain('no chat sessions yet');
    expect((await chatPiped(root, ['what does the bilge pump run on?'], [], 'ab12cd34')).code).toBe(0);
    expect((await chatPiped(root, ['how far is the beam seen?'], [], 'ab99ff00')).code).toBe(0);
    // An empty chat stores nothing.
    expect((await chatPiped(root, [], [], 'cc00cc00')).code).toBe(0);
    const listed = await sessions(root);
    expect(listed.map((s) => [s.id, s.title, s.messages])).toEqual([
      ['ab99ff00', 'how far is the beam seen?', 2],
      ['ab12cd34', 'what does the bilge pump run on?', 2],
    ]);
    expect(Object.keys(listed[0]!).sort()).toEqual(['created', 'id', 'messages', 'title', 'updated']);
    const table = await runKb(['--kb', root, 'chat', '--list']);
    expect(table.stdout).toMatch(/^ab99ff00\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+1 turn\(s\)\s+how far is the beam seen\?\nab12cd34 /);

    const ambiguous = await chatPiped(root, ['never asked'], ['--resume', 'ab']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('"ab" matches 2 chat sessions: ab12cd34, ab99ff00');
    expect((await chatPiped(root, ['never asked'], ['--resume', 'zz'])).stderr).toContain('no chat session starts with "zz"');
    expect((await chatPiped(root, [], ['--resume', 'zz'])).code).toBe(2);

    // By prefix: the session goes on where it was.
    const resumed = await chatPiped(root, ['/status', 'who trimmed the lamp wick?'], ['--resume', 'ab1']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resumed session ab12cd34 (1 turn(s))');
    expect(resumed.stdout).toContain('chat session      ab12cd34 (1 turn(s))');
    expect(storedMessages(root, 'ab12cd34').map((m) => [m.role, m.role === 'user' ? m.text : m.text.split(' (')[0]])).toEqual([
      ['user', 'what does the bilge pump run on?'],
      ['assistant', 'The bilge pump runs on a float switch and empties the bilge every hour.'],
      ['user', 'who trimmed the lamp wick?'],
      ['assistant', 'Keepers trimmed the lamp wick every evening.'],
    ]);
    // --resume without an id: the session used last.
    const latest = await chatPiped(root, ['/status'], ['--resume']);
    expect(latest.stdout).toContain('chat session      ab12cd34 (2 turn(s))');

    // --delete takes a unique prefix as --resume does; an ambiguous or unknown one deletes nothing.
    const [ambiguousDelete, unknownDelete] = await Promise.all([runKb(['--kb', root, 'chat', '--delete', 'ab']), runKb(['--kb', root, 'chat', '--delete', 'zz'])]);
    expect([ambiguousDelete.code, unknownDelete.code]).toEqual([2, 2]);
    expect(ambiguousDelete.stderr).toContain('kb: error: "ab" matches 2 chat sessions: ab12cd34, ab99ff00');
    expect(unknownDelete.stderr).toContain('no chat session starts with "zz"');
    const deleted = await runKb(['--kb', root, 'chat', '--delete', 'ab9']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stderr).toBe('deleted chat session ab99ff00\n');
    expect((await sessions(root)).map((s) => s.id)).toEqual(['ab12cd34']);
    expect((await chatPiped(root, [], ['--resume', 'ab'])).stderr).toContain('resumed session ab12cd34');
    expect((await runKb(['--kb', root, 'chat', '--list', '--delete', 'ab12cd34'])).code).toBe(2);
    const jsonChat = await runKb(['--kb', root, '--json', 'chat']);
    expect(jsonChat.code).toBe(2);
    expect(jsonChat.stderr).toContain('--json works with kb chat --list only');
    // Sessions are not derived from documents: a full recompile compares and rebuilds the
    // registry without touching them, and doctor finds nothing wrong.
    const kept = await sessions(root);
    const recompiled = await runKb(['--kb', root, 'recompile', '--all', '--yes']);
    expect(recompiled.code, recompiled.stderr).toBe(0);
    expect(await sessions(root)).toEqual(kept);
    expect(storedMessages(root, 'ab12cd34')).toHaveLength(4);
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });
});

describe('kb chat while others work', () => {
  it('holds no lock at its prompt: a second process adds meanwhile; SIGTERM exits 130, kill -9 keeps the answered turns', async () => {
    const { root, work } = kbCopy();
    fs.writeFileSync(path.join(work, 'dues.md'), DUES);
    const chat = startKb(['--kb', root, 'chat'], { KB_TEST_CHAT_IDS: 'dd44dd44' });
    chat.type('what does the bilge pump run on?\n');
    await chat.waitFor(/Sources:\n.*tug-manual/);
    // The chat sits at its prompt: a writer must not wait (--wait 2 fails with exit 4 if it does).
    const added = await runKb(['--kb', root, '--wait', '2', 'add', path.join(work, 'dues.md')]);
    expect(added.code, added.stderr).toBe(0);
    let from = chat.stdout().length;
    chat.type('/list\nwho keeps the ledger of dues?\n');
    await chat.waitFor(/dues\s+Harbour Dues[\s\S]*harbour master keeps the ledger/, from);
    chat.child.kill('SIGTERM');
    expect((await chat.exited).code).toBe(130);
    expect((await sessions(root)).map((s) => [s.id, s.messages])).toEqual([['dd44dd44', 4]]);

    // kill -9 once an answer is shown: that turn is stored; nothing is left to recover.
    const killed = startKb(['--kb', root, 'chat', '--resume', 'dd'], {});
    from = killed.stdout().length;
    killed.type('how far is the beam seen?\n');
    await killed.waitFor(/twenty miles/, from);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect((await sessions(root))[0]).toMatchObject({ id: 'dd44dd44', messages: 6 });
    expectConsistent(root, 'after kill -9');
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });
});
