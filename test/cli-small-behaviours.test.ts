// Small CLI behaviours through the built binary, on one KB: --quiet silences the add summary,
// an unsupported file named explicitly fails (in a folder it is skipped), kb's error lines
// share one form, doctor --repair says "repaired" only for what it changed, status aligns.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newKb } from './support/kb-state.js';
import { childEnv, KB_BIN, runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-cli-small-');

describe('small CLI behaviours', () => {
  it('quiet add, unsupported files, error lines, doctor --repair and the status table', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    fs.writeFileSync(path.join(work, 'in', 'a.md'), '# A\n\nAlpha text.\n');
    fs.writeFileSync(path.join(work, 'in', 'data.xyz'), 'not a document type kb knows');

    const quiet = await runKb(['--kb', root, '--quiet', 'add', 'in/a.md'], { cwd: work });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe('added   in/a.md → a\n');
    expect(quiet.stderr).toBe('');

    const [named, walked, unknownDoc] = await Promise.all([
      runKb(['--kb', root, 'add', 'in/data.xyz'], { cwd: work }),
      runKb(['--kb', root, 'add', 'in'], { cwd: work }),
      runKb(['--kb', root, 'remove', 'no-such-doc', '--yes'], { cwd: work }),
    ]);
    expect(named.code).toBe(1);
    expect(named.stdout).toBe('failed  in/data.xyz: unsupported type .xyz\n');
    expect(walked.code, walked.stderr).toBe(0);
    expect(walked.stdout).toContain('skipped in/data.xyz: unsupported type .xyz');
    expect(unknownDoc.code).toBe(1);
    expect(unknownDoc.stderr).toMatch(/^kb: error: no document matches "no-such-doc"\n {2}hint: /);

    const sound = await runKb(['--kb', root, 'doctor', '--repair']);
    expect(sound.code, sound.stderr).toBe(0);
    expect(sound.stdout).toBe('ok: no problems found\n');
    // A backup folder with no journal: what a process that died after committing leaves.
    fs.mkdirSync(path.join(root, '.kb', 'backup', 'dead-change'));
    const leftover = await runKb(['--kb', root, 'doctor', '--repair']);
    expect(leftover.stdout).toBe('repaired: removed .kb/backup/dead-change (left by a dead process)\nok: no problems found\n');

    const status = await runKb(['--kb', root, 'status']);
    const columns = status.stdout.trimEnd().split('\n').map((line) => /^\S+(?: \S+)*\s{2,}/.exec(line)?.[0].length);
    expect(columns).toHaveLength(6);
    expect(new Set(columns)).toEqual(new Set([18]));
  });
});

describe('output into a pipe that closes early (kb … | head -1)', () => {
  it('stops printing quietly: no EPIPE stack trace, exit 0', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(work, 'in', `note-${i}.md`), `# Note ${i}\n\nHarbour note number ${i}.\n`);
    expect((await runKb(['--kb', root, '--quiet', 'add', 'in'], { cwd: work })).code).toBe(0);
    // The reader has closed its end before kb prints, as head does once it has its line.
    const child = spawn(process.execPath, [KB_BIN, '--kb', root, '--json', 'list'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
