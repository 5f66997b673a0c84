// Ctrl-C during `kb add`: the first SIGINT stops the batch at a safe point — the commit in
// flight finishes, later files are not started — the batch's staging is removed by the add
// itself, and the exit status is 130. Real child process, real signal. Needs `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeManySmall } from './support/add-corpus.js';
import { expectConsistent, newKb, registry } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-int-');

/** Enough files that a batch takes over a second of commits after its first line. */
const FILES = 80;
/** The line that triggered SIGINT, and the commits that fit in the signal's delivery time. */
const MAX_LINES_AFTER_SIGINT = 8;

describe('SIGINT during kb add', () => {
  it('after the first file line: exit 130, staging gone, a scan-order prefix registered, doctor clean', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const rels = writeManySmall(path.join(work, 'in'), FILES);
    let signalled = false;
    const run = await runKb(['--kb', root, 'add', 'in', '--jobs', '2'], {
      cwd: work,
      onSpawn: (child) => {
        child.stdout!.on('data', () => {
          if (signalled) return;
          signalled = true;
          child.kill('SIGINT');
        });
      },
    });
    expect(signalled).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.signal).toBeNull();
    expect(run.stderr).toMatch(/\(interrupted\)$/m);

    const lines = run.stdout.trimEnd().split('\n');
    const docs = rels.map((rel) => path.parse(rel).name);
    // Stopped early (else this proves nothing) and every line is a completed add, in order.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(FILES);
    // "A safe point" is the next one, not whenever preparation next falls behind: files
    // prepared ahead are not committed after Ctrl-C. The signal leaves on the first line; a
    // few commits may land while it travels, the up to 16 prepared ahead must not.
    expect(lines.length, 'files committed after SIGINT').toBeLessThanOrEqual(MAX_LINES_AFTER_SIGINT);
    expect(lines).toEqual(rels.slice(0, lines.length).map((rel, i) => `added   in/${rel} → ${docs[i]}`));

    // Checked before any other kb command runs: the add cleaned up after itself.
    const rows = expectConsistent(root, 'after SIGINT');
    expect(rows.map((r) => r.name)).toEqual(docs.slice(0, lines.length));
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);

    // Adding again picks up where it stopped: the rest is added, nothing twice.
    const again = await runKb(['--kb', root, 'add', 'in', '--jobs', '2'], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trimEnd().split('\n').filter((l) => l.startsWith('added '))).toHaveLength(FILES - lines.length);
    expect(registry(root).map((r) => r.name)).toEqual(docs);
  });
});
