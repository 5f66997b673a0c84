// prepareItem on its own, in this thread: what it stages and what it leaves behind. Its fsyncs
// run in the background while it converts (prepare-item.ts), so these check that everything is
// in place, under its final name, by the time it answers, and that a failure answers cleanly.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/core/hash-file.js';
import { prepareItem, SOURCE_NAME, type PrepareTask } from '../src/prepare/prepare-item.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-prepare-item-');

function taskFor(dir: string, text: string, hash = sha256(Buffer.from(text))): PrepareTask {
  const input = path.join(dir, 'notes.md');
  fs.writeFileSync(input, text);
  return { input, fileName: 'notes.md', ext: '.md', hash, doc: 'notes', itemDir: path.join(dir, 'staging', '0'), limits: { longDocPages: 50, longDocChars: 200_000 } };
}

describe('prepareItem', () => {
  it('answers with the raw copy and the source page staged under their final names, and no temp file', async () => {
    const dir = tempDir();
    const text = '# Storage engines\n\nA storage engine keeps rows on disk. The buffer pool caches pages of rows.\n';
    const task = taskFor(dir, text);
    const result = await prepareItem(task);
    if (!result.ok) throw new Error(result.reason);
    expect(fs.readFileSync(result.rawFile, 'utf8')).toBe(text);
    expect(result.sourceFile).toBe(path.join(task.itemDir, SOURCE_NAME));
    expect(fs.readFileSync(result.sourceFile, 'utf8')).toContain('A storage engine keeps rows on disk.');
    expect(fs.readdirSync(task.itemDir).sort()).toEqual(['raw.md', SOURCE_NAME].sort());
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.convertMs);
  });

  it('says the file changed when its bytes no longer match the batch hash, after its fsync is done', async () => {
    const dir = tempDir();
    const task = taskFor(dir, 'new text\n', sha256(Buffer.from('old text\n')));
    expect(await prepareItem(task)).toEqual({ ok: false, reason: 'file changed while being added; add it again' });
  });

  it('fails the item, not the worker, when the staging folder cannot be written', async () => {
    const dir = tempDir();
    const task = taskFor(dir, '# Title\n\nSome words.\n');
    // A file where the staging folder should go: mkdir fails with EEXIST/ENOTDIR.
    fs.mkdirSync(path.dirname(task.itemDir), { recursive: true });
    fs.writeFileSync(task.itemDir, '');
    const result = await prepareItem(task);
    expect(result.ok).toBe(false);
  });
});
