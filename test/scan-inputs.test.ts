import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanInputs } from '../src/prepare/scan-inputs.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-scan-');

function touch(root: string, rel: string, content = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

describe('scanInputs', () => {
  it('walks folders depth-first in code-point order, skipping dot files and folders', () => {
    const root = tempDir();
    for (const rel of ['b.md', 'a/z.txt', 'a/b/c.md', 'B.md', '.hidden.md', '.git/x.md', 'a/.kb/kb.db', 'é.md']) touch(root, rel);
    const { files, problems } = scanInputs(['.'], { cwd: root, kbRoot: path.join(root, 'nokb') });
    expect(files.map((f) => f.display)).toEqual(['B.md', 'a/b/c.md', 'a/z.txt', 'b.md', 'é.md']);
    expect(problems).toEqual([]);
  });

  it('keeps the order of the inputs given and reports missing ones', () => {
    const root = tempDir();
    touch(root, 'x.md');
    touch(root, 'y.md');
    const { files, problems } = scanInputs(['y.md', 'missing.pdf', 'x.md'], { cwd: root, kbRoot: root });
    expect(files.map((f) => f.display)).toEqual(['y.md', 'x.md']);
    expect(problems).toEqual([{ display: 'missing.pdf', reason: 'no such file or folder' }]);
  });

  it('follows symlinks inside the input folder, refuses ones that leave it, and survives loops', () => {
    const root = tempDir();
    const outside = tempDir();
    touch(root, 'in/doc.md');
    touch(outside, 'secret.md');
    fs.symlinkSync(path.join(root, 'in', 'doc.md'), path.join(root, 'in', 'alias.md'));
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'in', 'escape.md'));
    fs.symlinkSync(path.join(root, 'in'), path.join(root, 'in', 'loop'));
    const { files, problems } = scanInputs(['in'], { cwd: root, kbRoot: root });
    expect(files.map((f) => f.display)).toEqual(['in/alias.md', 'in/doc.md']);
    expect(problems.map((p) => p.display)).toEqual(['in/escape.md']);
  });

  it("does not ingest the knowledge base's own raw/ and wiki/ when adding a folder that holds it", () => {
    const root = tempDir();
    touch(root, 'raw/old.md');
    touch(root, 'wiki/index.md');
    touch(root, 'docs/new.md');
    const { files } = scanInputs(['.'], { cwd: root, kbRoot: root });
    expect(files.map((f) => f.display)).toEqual(['docs/new.md']);
  });
});
