// A child process for the crash tests: applies real changesets to a KB with the built code
// (dist/), so a test can SIGKILL it at an exact crash point (KB_TEST_CRASH_AT) or at random.
//
//   node apply-child.mjs <kb-root> setup             the pre-state of the crash matrix
//   node apply-child.mjs <kb-root> apply [gen]       the matrix changeset (14 targets)
//   node apply-child.mjs <kb-root> loop              the soak: generations 1, 2, 3, … forever,
//                                                    after a line (or EOF) on stdin
//
// Plain ESM on purpose: it runs under bare `node`, exactly like the `kb` binary would, with
// no test runner or transpiler in the process that gets killed.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (rel) => import(new URL(rel, dist).href);

const { applyChangeset } = await load('commit/apply-changeset.js');
const { emptyChangeset } = await load('model/changeset.js');
const { withKbLock } = await load('commit/with-kb-lock.js');
const { STAGING_OWNER_FILE } = await load('commit/sweep-orphans.js');
const { armCrashPoint } = await load('core/crash-point.js');
const { kbPaths } = await load('core/kb-paths.js');
const { silentLogger } = await load('core/logger.js');
const { currentOwner } = await load('core/process-owner.js');
const { defaultConfig } = await load('config/config-schema.js');
const { Store } = await load('store/store.js');
const { searchIndexer } = await load('search/search-rows.js');

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** A registry row consistent with its files, so `kb doctor` is clean (hash = sha256 of raw). */
function docRow(name, title, rawContent) {
  return {
    name,
    title,
    hash: sha256(rawContent),
    original_path: `/originals/${name}.txt`,
    raw_path: `raw/${name}.txt`,
    source_path: `wiki/sources/${name}.md`,
    summary_path: `wiki/summaries/${name}.md`,
    size: Buffer.byteLength(rawContent),
    // Fixed stamps: rows must compare equal across runs of the same changeset.
    added_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}

/** The three files of a document (raw, source, summary) with content naming `tag`. */
function docFiles(name, tag) {
  return {
    [`raw/${name}.txt`]: `${tag} raw/${name}.txt\n`,
    [`wiki/sources/${name}.md`]: `${tag} wiki/sources/${name}.md\n`,
    [`wiki/summaries/${name}.md`]: `# ${name}\n\n${tag}; full text in [[sources/${name}]]\n`,
  };
}

const writesOf = (files) => Object.entries(files).map(([p, content]) => ({ path: p, content }));

/**
 * Stages a file the way `kb add` does: under `.kb/staging/<pid>-<random>/`, written before
 * the lock is taken. The pid prefix and owner.json tell recovery whether the owner still lives.
 */
function stage(paths, name, content) {
  const dir = path.join(paths.staging, `${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, STAGING_OWNER_FILE), JSON.stringify(currentOwner()));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return { dir, file };
}

/** Pre-state of the matrix: docs alpha and beta, three pages the matrix deletes. */
function setupChangeset() {
  const alpha = docFiles('alpha', 'setup');
  const beta = docFiles('beta', 'setup');
  return {
    ...emptyChangeset('setup', 'crash matrix pre-state'),
    writes: writesOf({
      ...alpha,
      ...beta,
      'wiki/concepts/old-1.md': 'setup old-1\n',
      'wiki/concepts/old-2.md': 'setup old-2\n',
      'wiki/entities/old-3.md': 'setup old-3\n',
    }),
    registry: [
      { kind: 'upsertDocument', doc: docRow('alpha', 'alpha setup', alpha['raw/alpha.txt']) },
      { kind: 'upsertDocument', doc: docRow('beta', 'beta setup', beta['raw/beta.txt']) },
    ],
  };
}

/**
 * The matrix changeset, 14 targets in step order: 7 writes (indices 0–6: alpha's 3 files
 * replaced, gamma's source and summary and a concept created, index.md replaced), 1 publish
 * (7: gamma's raw, renamed in from staging), 6 deletes (8–13: three pages and beta's files).
 */
function applyChangesetFor(gen, stagedRaw) {
  const tag = `gen ${gen}`;
  const alpha = docFiles('alpha', tag);
  const gamma = docFiles('gamma', tag);
  return {
    ...emptyChangeset('apply', `crash matrix ${tag}`),
    writes: writesOf({
      ...alpha,
      'wiki/sources/gamma.md': gamma['wiki/sources/gamma.md'],
      'wiki/summaries/gamma.md': gamma['wiki/summaries/gamma.md'],
      'wiki/concepts/new-1.md': `${tag} new-1\n`,
      'wiki/index.md': `# Index\n\n${tag}\n`,
    }),
    publishes: [{ path: 'raw/gamma.txt', from: stagedRaw }],
    deletes: ['wiki/concepts/old-1.md', 'wiki/concepts/old-2.md', 'wiki/entities/old-3.md', 'raw/beta.txt', 'wiki/sources/beta.md', 'wiki/summaries/beta.md'],
    registry: [
      { kind: 'upsertDocument', doc: docRow('alpha', `alpha ${tag}`, alpha['raw/alpha.txt']) },
      { kind: 'upsertDocument', doc: docRow('gamma', `gamma ${tag}`, gamma['raw/gamma.txt']) },
      { kind: 'deleteDocument', name: 'beta' },
    ],
  };
}

/** Soak content; test/sigkill-soak.test.ts rebuilds the same text as its oracle. */
function loopContent(gen, rel) {
  return `gen ${gen} file ${rel}\n`;
}

/**
 * Generation `gen` of the soak, 13 targets: the `soak` document (raw published from staging,
 * source and summary written), five concepts, index.md, and two entity pages per parity —
 * this generation's parity created, the other parity's deleted.
 */
function loopChangesetFor(gen, stagedRaw) {
  const mine = gen % 2 === 0 ? 'even' : 'odd';
  const other = gen % 2 === 0 ? 'odd' : 'even';
  const written = [
    'wiki/sources/soak.md',
    'wiki/summaries/soak.md',
    ...[0, 1, 2, 3, 4].map((i) => `wiki/concepts/c${i}.md`),
    'wiki/index.md',
    `wiki/entities/${mine}-0.md`,
    `wiki/entities/${mine}-1.md`,
  ];
  return {
    ...emptyChangeset('soak', `generation ${gen}`),
    writes: written.map((p) => ({ path: p, content: loopContent(gen, p) })),
    publishes: [{ path: 'raw/soak.txt', from: stagedRaw }],
    deletes: [`wiki/entities/${other}-0.md`, `wiki/entities/${other}-1.md`],
    registry: [{ kind: 'upsertDocument', doc: docRow('soak', `gen ${gen}`, loopContent(gen, 'raw/soak.txt')) }],
  };
}

function openContext(root) {
  const paths = kbPaths(root);
  return {
    paths,
    config: defaultConfig(),
    store: Store.open(paths.db),
    searchIndex: searchIndexer,
    logger: silentLogger(),
    clock: { now: () => new Date() },
    ids: { journalId: () => `${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${randomBytes(4).toString('hex')}` },
    command: 'test',
    lockWaitMs: 10_000,
  };
}

/** Stages the raw file, then applies under the exclusive lock, then drops the staging batch. */
async function stageAndApply(ctx, rawName, rawContent, build) {
  const staged = stage(ctx.paths, rawName, rawContent);
  await withKbLock(ctx, 'exclusive', () => applyChangeset(ctx, build(staged.file)));
  fs.rmSync(staged.dir, { recursive: true, force: true });
}

/**
 * The soak boots loop children ahead of time (the imports above are most of a start-up) and
 * starts each with a line on stdin once the previous one is dead and recovered. Until then
 * the KB is not touched, not even opened. From a terminal, it starts at once.
 */
function startSignal() {
  if (process.stdin.isTTY) return Promise.resolve();
  return new Promise((resolve) => {
    process.stdin.once('data', resolve);
    process.stdin.once('end', resolve);
  });
}

async function main() {
  const [root, mode, genArg] = process.argv.slice(2);
  if (!root || !mode) throw new Error('usage: apply-child.mjs <kb-root> setup|apply|loop [generation]');
  armCrashPoint(process.env.KB_TEST_CRASH_AT);
  if (mode === 'loop') await startSignal();
  const ctx = openContext(root);
  try {
    if (mode === 'setup') {
      await withKbLock(ctx, 'exclusive', () => applyChangeset(ctx, setupChangeset()));
    } else if (mode === 'apply') {
      const gen = Number(genArg ?? 1);
      await stageAndApply(ctx, 'gamma.txt', docFiles('gamma', `gen ${gen}`)['raw/gamma.txt'], (from) => applyChangesetFor(gen, from));
    } else if (mode === 'loop') {
      // Continue from what the registry says was committed last, so generations only grow.
      const last = await withKbLock(ctx, 'shared', () => ctx.store.documents.get('soak'));
      let gen = last ? Number(last.title.replace('gen ', '')) : 0;
      process.stdout.write('ready\n');
      for (;;) {
        gen++;
        const g = gen;
        await stageAndApply(ctx, 'soak.txt', loopContent(g, 'raw/soak.txt'), (from) => loopChangesetFor(g, from));
      }
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    ctx.store.close();
  }
}

main().catch((error) => {
  process.stderr.write(`apply-child: ${error?.stack ?? error}\n`);
  process.exit(1);
});
