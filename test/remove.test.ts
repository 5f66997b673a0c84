// `kb remove` through the built binary on real temp KBs: resolving the document, the plan,
// confirmation, --dry-run, --keep-raw, what is left behind (nothing dangling: kb doctor),
// remove-then-add giving the wiki back byte for byte, and a SIGKILL mid-commit rolling back.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, newKb, registry, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { HAS_SCRIPT, runKbOnTerminal } from './support/run-on-terminal.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-remove-');

const DOCS: Record<string, string> = {
  'harbour-notes.md': '# Harbour Notes\n\nTides in the harbour matter for ships. Harbour tides and lighthouse keepers.\n\n## Pilots\n\nHarbour pilots guide ships past the breakwater at high tide.\n',
  'tide-tables.txt': 'Tide tables\n\nThe tide tables list high tide and low tide for every harbour. Ships wait for the tide.\n',
  'compiler.md': '# Rust Compiler\n\nThe borrow checker enforces ownership. Ownership and borrowing make the compiler strict.\n\n## Lifetimes\n\nLifetimes tell the borrow checker how long references live.\n',
  'zeppelin.md': '# Zeppelin Flights\n\nAirships crossed the Atlantic. Zeppelin airships used hydrogen gas cells and a rigid frame.\n\n## Hindenburg\n\nThe Hindenburg airship burned at Lakehurst; hydrogen airships ended with it.\n',
};

/** A KB with DOCS added (scan order: compiler, harbour-notes, tide-tables, zeppelin). */
async function kbWithDocs(): Promise<{ work: string; root: string; input: string }> {
  const work = fs.realpathSync(tempDir());
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  for (const [name, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(input, name), text);
  const root = newKb(path.join(work, 'parent'));
  // Ten concept pages a document (the default is 3), so that documents share pages to remove from.
  const config = path.join(root, '.kb/config.yaml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^  concepts_per_document: 1$/m, '  concepts_per_document: 10'));
  const added = await runKb(['--kb', root, 'add', 'in'], { cwd: work });
  expect(added.code, added.stderr).toBe(0);
  return { work, root, input };
}

/** raw/ and wiki/ byte for byte, and the registry rows. */
function exactState(root: string): { files: Record<string, string>; rows: unknown } {
  const files: Record<string, string> = {};
  for (const rel of [...listFiles(root, 'raw'), ...listFiles(root, 'wiki')]) files[rel] = fs.readFileSync(path.join(root, rel)).toString('base64');
  return { files, rows: registry(root) };
}

/** Adds one more input file to the KB with kb add. */
async function addFile(work: string, root: string, name: string, text: string): Promise<void> {
  fs.writeFileSync(path.join(work, 'in', name), text);
  const run = await runKb(['--kb', root, 'add', `in/${name}`], { cwd: work });
  expect(run.code, run.stderr).toBe(0);
}

function wikiFilesMentioning(root: string, text: string): string[] {
  return listFiles(root, 'wiki').filter((rel) => !rel.startsWith('wiki/log') && fs.readFileSync(path.join(root, rel), 'utf8').includes(text));
}

describe('kb remove', () => {
  it('removes by name: pages, raw file, catalogue, index and concept sections go; every link still resolves', async () => {
    const { work, root } = await kbWithDocs();
    const conceptsBefore = listFiles(root, 'wiki/concepts');
    const run = await runKb(['--kb', root, 'remove', 'zeppelin', '--yes'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/DELETE\s+wiki\/summaries\/zeppelin\.md/);
    expect(run.stdout).toMatch(/MODIFY\s+wiki\/index\.md/);
    expect(run.stdout).toContain('removed zeppelin');
    expect(fs.existsSync(path.join(root, 'raw/zeppelin.md'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'wiki/summaries/zeppelin.md'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'wiki/sources/zeppelin.md'))).toBe(false);
    expect(registry(root).map((r) => r.name)).toEqual(['compiler', 'harbour-notes', 'tide-tables']);
    expect(wikiFilesMentioning(root, 'zeppelin')).toEqual([]);
    // Its own concept pages (airships appear nowhere else) are gone.
    expect(listFiles(root, 'wiki/concepts').length).toBeLessThan(conceptsBefore.length);
    expect(fs.readFileSync(path.join(root, 'wiki/log.md'), 'utf8')).toMatch(/\] remove \| zeppelin \(zeppelin\.md\)/);
    const list = await runKb(['--kb', root, '--json', 'list']);
    expect((JSON.parse(list.stdout) as { doc: string }[]).map((d) => d.doc)).not.toContain('zeppelin');
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('resolves an original file name and a unique prefix; --json reports the plan', async () => {
    const { work, root } = await kbWithDocs();
    const byFile = await runKb(['--kb', root, '--json', 'remove', 'tide-tables.txt', '--yes'], { cwd: work });
    expect(byFile.code, byFile.stderr).toBe(0);
    const result = JSON.parse(byFile.stdout) as { doc: string; removed: boolean; plan: { action: string; path: string }[] };
    expect(result.doc).toBe('tide-tables');
    expect(result.removed).toBe(true);
    expect(result.plan).toContainEqual({ action: 'DELETE', path: 'raw/tide-tables.txt' });
    expect(result.plan).toContainEqual({ action: 'MODIFY', path: 'wiki/index.md' });
    expect(new Set(result.plan.map((p) => p.path)).size).toBe(result.plan.length);
    const byPrefix = await runKb(['--kb', root, 'remove', 'harb', '--yes'], { cwd: work });
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect(registry(root).map((r) => r.name)).toEqual(['compiler', 'zeppelin']);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('ambiguous → exit 2 with the candidates; unknown → exit 1; no terminal without --yes → exit 2; --dry-run changes nothing', async () => {
    const { work, root } = await kbWithDocs();
    await addFile(work, root, 'compiler-notes.md', '# Compiler notes\n\nParsing and code generation.\n');
    const before = exactState(root);

    const ambiguous = await runKb(['--kb', root, 'remove', 'comp', '--yes'], { cwd: work });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('compiler (compiler.md)');
    expect(ambiguous.stderr).toContain('compiler-notes (compiler-notes.md)');

    const unknown = await runKb(['--kb', root, 'remove', 'nothing-like-this', '--yes'], { cwd: work });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('kb list');

    const unconfirmed = await runKb(['--kb', root, 'remove', 'zeppelin'], { cwd: work });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');

    const dry = await runKb(['--kb', root, 'remove', 'zeppelin', '--dry-run'], { cwd: work });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/DELETE\s+raw\/zeppelin\.md/);
    const dryJson = await runKb(['--kb', root, '--json', 'remove', 'zeppelin', '--dry-run'], { cwd: work });
    expect(JSON.parse(dryJson.stdout)).toMatchObject({ doc: 'zeppelin', removed: false });

    expect(exactState(root)).toEqual(before);
  });

  it('--keep-raw moves the raw file to raw/kept/ (a second one of the same name gets -2) and leaves doctor and lint passing; doctor --repair moves a raw file no document owns there', async () => {
    const { work, root } = await kbWithDocs();
    const bytes = fs.readFileSync(path.join(root, 'raw/compiler.md'));
    const run = await runKb(['--kb', root, 'remove', 'compiler', '--yes', '--keep-raw'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/MOVE\s+raw\/compiler\.md → raw\/kept\/compiler\.md/);
    expect(fs.existsSync(path.join(root, 'raw/compiler.md'))).toBe(false);
    expect(fs.readFileSync(path.join(root, 'raw/kept/compiler.md'))).toEqual(bytes);
    expect(fs.existsSync(path.join(root, 'wiki/summaries/compiler.md'))).toBe(false);
    expect(registry(root).map((r) => r.name)).not.toContain('compiler');
    await addFile(work, root, 'compiler.md', '# Compiler again\n\nA second compiler file with other words in it.\n');
    const again = await runKb(['--kb', root, '--json', 'remove', 'compiler', '--yes', '--keep-raw'], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { plan: unknown[] }).plan).toContainEqual({ action: 'MOVE', path: 'raw/compiler.md', to: 'raw/kept/compiler-2.md' });
    expect(fs.readFileSync(path.join(root, 'raw/kept/compiler.md'))).toEqual(bytes);
    expect(fs.readFileSync(path.join(root, 'raw/kept/compiler-2.md'), 'utf8')).toContain('Compiler again');
    const [doctor, lint] = await Promise.all([runKb(['--kb', root, 'doctor']), runKb(['--kb', root, '--json', 'lint'])]);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect((JSON.parse(lint.stdout) as { issues: { kind: string }[] }).issues.map((i) => i.kind)).not.toContain('raw-unregistered');

    // A raw file no document owns, as an older kb's --keep-raw left it: doctor --repair keeps it in raw/kept/.
    fs.writeFileSync(path.join(root, 'raw/stray.md'), 'left behind\n');
    const before = await runKb(['--kb', root, 'doctor']);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/unregistered-file\s+raw\/stray\.md/);
    const repair = await runKb(['--kb', root, 'doctor', '--repair'], { cwd: work });
    expect(repair.code, repair.stdout + repair.stderr).toBe(0);
    expect(repair.stdout).toContain('repaired: moved raw/stray.md to raw/kept/stray.md');
    expect(fs.readFileSync(path.join(root, 'raw/kept/stray.md'), 'utf8')).toBe('left behind\n');
    expect(fs.existsSync(path.join(root, 'raw/stray.md'))).toBe(false);
  });

  // A document's concepts and a page's name and sections do not depend on the order documents
  // arrived in (rank-concepts.ts localStrength, topic-merge.ts), so taking out any document,
  // first, middle or last added, and adding it back gives the same wiki.
  it('remove then add the same file gives the wiki of never having removed it, for the first, a middle and the last document', async () => {
    const { work, root } = await kbWithDocs();
    await addFile(work, root, 'zz-harbour-log.md', '# Harbour Log\n\nShips entered the Harbour at high tide. The lighthouse keepers logged the tides.\n\n## Airships\n\nAn airship passed over the harbour.\n');
    const withoutLog = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([rel]) => !rel.startsWith('wiki/log')));
    const before = withoutLog(wikiSnapshot(root));
    for (const [doc, file] of [['compiler', 'compiler.md'], ['harbour-notes', 'harbour-notes.md'], ['zz-harbour-log', 'zz-harbour-log.md']]) {
      const removed = await runKb(['--kb', root, 'remove', doc!, '--yes'], { cwd: work });
      expect(removed.code, removed.stderr).toBe(0);
      expect(wikiFilesMentioning(root, `summaries/${doc}`)).toEqual([]);
      if (doc !== 'compiler') expect(removed.stdout).toMatch(/MODIFY\s+wiki\/concepts\/high-tide\.md/); // shared page rewritten, not deleted ("harbour" alone is an everyday word, no concept)
      const readd = await runKb(['--kb', root, 'add', `in/${file}`], { cwd: work });
      expect(readd.code, readd.stderr).toBe(0);
      expect(withoutLog(wikiSnapshot(root)), `after removing and re-adding ${doc}`).toEqual(before);
    }
  });

  it('two folders added in either order give the same wiki', async () => {
    const work = fs.realpathSync(tempDir());
    const names = Object.keys(DOCS);
    for (const [dir, files] of [['first', names.slice(0, 2)], ['second', names.slice(2)]] as const) {
      fs.mkdirSync(path.join(work, dir));
      for (const name of files) fs.writeFileSync(path.join(work, dir, name), DOCS[name]!);
    }
    const build = async (order: string[]): Promise<Record<string, string>> => {
      const root = newKb(path.join(work, order.join('-')));
      for (const dir of order) {
        const run = await runKb(['--kb', root, 'add', dir], { cwd: work });
        expect(run.code, run.stderr).toBe(0);
      }
      return Object.fromEntries(Object.entries(wikiSnapshot(root)).filter(([rel]) => !rel.startsWith('wiki/log')));
    };
    expect(await build(['second', 'first'])).toEqual(await build(['first', 'second']));
  });

  it('a SIGKILL mid-commit leaves the KB as it was once the next kb recovers', async () => {
    const { work, root } = await kbWithDocs();
    const before = exactState(root);
    const crashed = await runKb(['--kb', root, 'remove', 'harbour-notes', '--yes'], { cwd: work, env: { KB_TEST_CRASH_AT: 'target:2:applied' } });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const status = await runKb(['--kb', root, 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(exactState(root)).toEqual(before);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });
});

describe.skipIf(!HAS_SCRIPT)('kb remove asks on a terminal', () => {
  it('y removes; n and Ctrl-D keep the document (exit 0); Ctrl-C keeps it and exits 130', async () => {
    const { root } = await kbWithDocs();
    const before = exactState(root);
    for (const keys of ['n\r', '\u0004']) {
      const run = await runKbOnTerminal(['--kb', root, 'remove', 'zeppelin'], keys);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('nothing removed');
    }
    const interrupted = await runKbOnTerminal(['--kb', root, 'remove', 'zeppelin'], '\u0003');
    expect(interrupted.code, interrupted.output).toBe(130);
    expect(interrupted.output).toContain('interrupted: zeppelin was not removed');
    expect(exactState(root)).toEqual(before);
    const yes = await runKbOnTerminal(['--kb', root, 'remove', 'zeppelin'], 'y\r');
    expect(yes.code, yes.output).toBe(0);
    expect(registry(root).map((r) => r.name)).not.toContain('zeppelin');
  });
});
