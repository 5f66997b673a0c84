// Power cuts, simulated (issue 24, item 1; the method of ALICE and CrashMonkey).
//
// Why: the crash tests SIGKILL a process, and a kill never loses what the kernel already
// holds; a power cut does. So a commit that forgets an fsync passes every kill test. Here
// every file operation of the commit protocol goes through durableFs() (src/core/durable-fs.ts);
// a recorder writes the trace of a real `kb add`, `kb remove`, `kb recompile` and of recovery
// itself, in process, on a real KB in a temp dir. For every prefix of a trace we build the
// states a power cut there could leave (test/support/power-cut-states.ts: what was not fsynced
// yet may be lost — nothing lost, all of it lost, and each part lost alone), open each one the
// way every command does (which runs recovery), and require the KB before the change or after
// it, byte for byte (raw/, wiki/, registry rows), with doctor's checks clean.
//
// Planted bugs it catches (each planted once by hand, the test run, the bug removed):
//   1. the journal temp left out of the fsync round before the journal's rename
//      (apply-changeset.ts: `staged.temp` out of the backups' fsync) — a cut leaves an empty
//      journal whose pages were already replaced;
//   2. the backups not fsynced (`backupDir` out of that round) — a cut loses the backup links
//      of pages already replaced, and recovery cannot roll back;
//   3. no directory fsync after the targets are renamed (the atomic writer's second half in
//      apply-changeset.ts: `fsync([...dirs])`) — a cut after the commit point loses renames
//      the registry already counts on.
// It also fails without the journal folder's fsync after the journal's rename (journal.ts),
// without the fsync of the temps before their renames, and (backups by copy) without a copy's
// fsync. It does not notice mkdirDurable's parent fsync gone: every change that makes a folder
// also changes a file beside it (raw/ of a removed document, wiki/index.md and log.md), whose
// directory fsync covers the new entry.
// Recovery found a real bug: it dropped a rolled-back journal and then its backups with no
// fsync between, so a cut could bring the journal back without them (rollback-journal.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFiles } from '../src/commands/add.js';
import { recompileDocuments } from '../src/commands/recompile.js';
import { removeDocument } from '../src/commands/remove.js';
import { applyChangeset } from '../src/commit/apply-changeset.js';
import { kbFiles } from '../src/core/kb-files.js';
import { compileLintFix } from '../src/lint/compile-lint-fix.js';
import { runLintChecks } from '../src/lint/run-lint-checks.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { useDurableFs } from '../src/core/durable-fs.js';
import { defaultConfig, type KbConfig } from '../src/config/config-schema.js';
import type { KbContext } from '../src/store/kb-context.js';
import { checkPowerCuts, contextFor, readState, stateOfCopy, type KbState, type PowerCutReport } from './support/power-cut-check.js';
import { losableParts, materialise } from './support/power-cut-states.js';
import { recordDurableOps, type Recording, type TraceOp } from './support/record-durable-ops.js';
import { newKb } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';

const DOCS: Record<string, string> = {
  'alpine-lakes.md': '# Alpine lakes\n\nAlpine lakes form in glacial basins. Glacial erosion carves the basin; meltwater fills it.\n\n## Ecology\n\nCold water holds oxygen; trout thrive in alpine lakes.\n',
  'glacier-retreat.md': '# Glacier retreat\n\nGlacier retreat exposes glacial basins and feeds alpine lakes with meltwater.\n\n## Causes\n\nWarmer summers melt more ice than winter snow replaces.\n',
};
const ADDED = '# Meltwater\n\nMeltwater from glacier retreat fills alpine lakes and glacial basins every summer.\n';

/** Temps carry the recording process's pid, which is alive; in a power-cut state its owner is dead. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid as number;
const renameTemp = (rel: string): string => rel.replaceAll(`.tmp-${process.pid}-`, `.tmp-${deadPid}-`);

let work = '';
let seed = '';
const reports: Record<string, PowerCutReport & { ops: number }> = {};

beforeAll(async () => {
  // Hundreds of KB copies, each recovered with its fsyncs: on tmpfs where there is one.
  const tmp = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  work = fs.realpathSync(fs.mkdtempSync(path.join(tmp, 'kb-power-cut-')));
  seed = newKb(path.join(work, 'seed'));
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  for (const [name, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(input, name), text);
  const added = await runKb(['--kb', seed, 'add', input]);
  expect(added.code, added.stderr).toBe(0);
  fs.writeFileSync(path.join(work, 'meltwater.md'), ADDED);
});

afterAll(() => {
  useDurableFs(undefined);
  console.log(Object.entries(reports).map(([kind, r]) => `power cuts, ${kind}: ${r.ops} ops traced, ${r.states} states, ${r.checked} distinct checked`).join('\n'));
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs `change` on a fresh copy of the seed KB with the recorder on, from its first backup. */
async function recordChange(name: string, change: (ctx: KbContext) => Promise<unknown>, options: { config?: KbConfig; noHardlinks?: boolean; damage?: (root: string) => void } = {}): Promise<{ recording: Recording; before: KbState; after: KbState }> {
  const root = path.join(work, name, 'kb');
  fs.cpSync(seed, root, { recursive: true });
  options.damage?.(root);
  const ctx = { ...contextFor(root), config: options.config ?? defaultConfig() };
  const recorder = recordDurableOps(root, path.join(work, name), (rel) => rel.startsWith('.kb/backup/'));
  // A file system without hardlinks (EXDEV, as across mounts): backups are copies.
  useDurableFs(options.noHardlinks ? { ...recorder.fs, link: () => { throw Object.assign(new Error('EXDEV: no links here'), { code: 'EXDEV' }); } } : recorder.fs);
  try {
    await change(ctx);
  } finally {
    useDurableFs(undefined);
  }
  const after = readState(ctx);
  ctx.store.close();
  const before = stateOfCopy(recorder.recording.before, path.join(work, name, 'before-state'));
  expect(after).not.toEqual(before);
  return { recording: recorder.recording, before, after };
}

async function expectNoBadPowerCut(kind: string, recording: Recording, allowed: KbState[]): Promise<void> {
  const report = await checkPowerCuts(recording, allowed, path.join(work, `${kind}-states`), renameTemp);
  reports[kind] = { ...report, ops: recording.ops.length };
  expect(report.failures.slice(0, 5)).toEqual([]);
  expect(report.checked).toBeGreaterThan(5);
}

describe('the power-cut model', () => {
  const bytes = Buffer.from('x');
  const keys = (ops: TraceOp[], prefix = ops.length): string[] => losableParts(ops, prefix).map((p) => `${p.op}:${p.part}`);

  it('keeps an entry once its folder is fsynced after it, and data once its file is, by any name', () => {
    const ops: TraceOp[] = [
      { kind: 'create', path: 'wiki/.a.tmp', bytes },
      { kind: 'rename', from: 'wiki/.a.tmp', to: 'wiki/a.md' },
      { kind: 'fsync', path: 'wiki/a.md' },
      { kind: 'fsync', path: 'wiki' },
    ];
    expect(keys(ops, 2)).toEqual(['0:entry', '0:data', '1:entry']);
    expect(keys(ops, 3)).toEqual(['0:entry', '1:entry']);
    expect(keys(ops)).toEqual([]);
  });

  it('does not count a fsync that came before the operation, or one of another folder', () => {
    const ops: TraceOp[] = [
      { kind: 'fsync', path: '.kb/journal' },
      { kind: 'unlink', path: '.kb/journal/j.json' },
      { kind: 'link', existing: 'wiki/a.md', path: '.kb/backup/j/wiki%2Fa.md' },
      { kind: 'fsync', path: '.kb/backup' },
    ];
    expect(keys(ops)).toEqual(['1:entry', '2:entry']);
  });
});

describe('a power cut at any instant leaves the KB before or after the change', () => {
  let addRun: Awaited<ReturnType<typeof recordChange>> | undefined;

  it('kb add', async () => {
    addRun = await recordChange('add', (ctx) => addFiles(ctx, { inputs: [path.join(work, 'meltwater.md')], jobs: 1, cwd: work }));
    await expectNoBadPowerCut('add', addRun.recording, [addRun.before, addRun.after]);
  });

  it('kb remove', async () => {
    const run = await recordChange('remove', (ctx) => removeDocument(ctx, { query: 'alpine-lakes', dryRun: false, keepRaw: false, confirm: async () => true }));
    await expectNoBadPowerCut('remove', run.recording, [run.before, run.after]);
  });

  it('kb remove --keep-raw (into raw/kept/, a folder the change creates)', async () => {
    const run = await recordChange('remove-keep-raw', (ctx) => removeDocument(ctx, { query: 'glacier-retreat', dryRun: false, keepRaw: true, confirm: async () => true }));
    expect(run.recording.ops.some((op) => op.kind === 'mkdir' && op.path === 'raw/kept')).toBe(true);
    await expectNoBadPowerCut('remove --keep-raw', run.recording, [run.before, run.after]);
  });

  it('kb remove where hardlinks fail (backups by copy)', async () => {
    const run = await recordChange('remove-copies', (ctx) => removeDocument(ctx, { query: 'alpine-lakes', dryRun: false, keepRaw: false, confirm: async () => true }), { noHardlinks: true });
    expect(run.recording.ops.some((op) => op.kind === 'create' && op.path.startsWith('.kb/backup/'))).toBe(true);
    await expectNoBadPowerCut('remove, backups by copy', run.recording, [run.before, run.after]);
  });

  it('kb recompile', async () => {
    // More concepts per document than the seed was built with: the recompile has pages to change.
    const config = defaultConfig();
    const moreConcepts = { ...config, compile: { ...config.compile, concepts_per_document: 4 } };
    const run = await recordChange('recompile', (ctx) => recompileDocuments(ctx, { query: 'glacier-retreat', all: false, dryRun: false, jobs: 1 }), { config: moreConcepts });
    await expectNoBadPowerCut('recompile', run.recording, [run.before, run.after]);
  });

  it('kb lint --fix (its repair; the report is a commit like the others)', async () => {
    // index.md edited out of step with the registry: --fix copies the edit to wiki/conflicts/ and
    // writes the page again from the registry, as runLint's fix step does.
    const repair = async (ctx: KbContext): Promise<void> =>
      withKbLock(ctx, 'exclusive', async () => {
        const checks = await runLintChecks(ctx.store, kbFiles(ctx.paths.root), { maxPageKb: 100, maxSections: ctx.config.compile.max_sections_per_concept, withLlm: false });
        const fix = compileLintFix({ store: ctx.store, kbText: checks.kbText, exists: kbFiles(ctx.paths.root).exists, duplicates: checks.duplicates, now: ctx.clock.now(), maxSections: ctx.config.compile.max_sections_per_concept });
        if (fix.changeset) applyChangeset(ctx, fix.changeset);
      });
    const run = await recordChange('lint-fix', repair, { damage: (root) => fs.writeFileSync(path.join(root, 'wiki', 'index.md'), fs.readFileSync(path.join(root, 'wiki', 'index.md'), 'utf8').replace('## Documents', '## Docs')) });
    await expectNoBadPowerCut('lint --fix', run.recording, [run.before, run.after]);
  });

  const addOnce = async (): Promise<Awaited<ReturnType<typeof recordChange>>> =>
    (addRun ??= await recordChange('add', (ctx) => addFiles(ctx, { inputs: [path.join(work, 'meltwater.md')], jobs: 1, cwd: work })));

  it('recovery of an add cut just before its commit point (rolls back)', async () => {
    const { recording, before } = await addOnce();
    // Every page of the add is in place, the journal says so, kb.db does not know yet.
    const trace = await recordRecovery('rollback', recording, recording.ops.findIndex((op) => op.kind === 'commitDb'));
    expect(trace.ops.some((op) => op.kind === 'rename')).toBe(true);
    await expectNoBadPowerCut('recovery (rollback)', trace, [before]);
  });

  it('recovery of an add cut just after its commit point (discards the journal)', async () => {
    const { recording, after } = await addOnce();
    const trace = await recordRecovery('discard', recording, recording.ops.findIndex((op) => op.kind === 'commitDb') + 1);
    expect(trace.ops.some((op) => op.kind === 'unlink')).toBe(true);
    await expectNoBadPowerCut('recovery (discard)', trace, [after]);
  });
});

/** The trace of the recovery that the next command runs on what a cut after ops[0, prefix) left. */
async function recordRecovery(name: string, recording: Recording, prefix: number): Promise<Recording> {
  const cut = path.join(work, name, 'kb');
  materialise(recording, prefix, new Set(), cut, renameTemp);
  const ctx = contextFor(cut);
  const recorder = recordDurableOps(cut, path.join(work, name), () => true);
  useDurableFs(recorder.fs);
  try {
    await withKbLock(ctx, 'exclusive', () => undefined);
  } finally {
    useDurableFs(undefined);
    ctx.store.close();
  }
  return recorder.recording;
}
