import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTempName, tempPathFor, writeFileAtomic } from '../src/core/atomic-write.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-atomic-');

describe('writeFileAtomic', () => {
  it('creates parent folders, writes the bytes and leaves no temp file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'page.md');
    writeFileAtomic(file, 'hello\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['page.md']);
  });

  it('replaces the file with a new inode, so a hardlink to the old one keeps the old bytes', () => {
    const dir = tempDir();
    const file = path.join(dir, 'page.md');
    writeFileAtomic(file, 'old');
    const link = path.join(dir, 'backup');
    fs.linkSync(file, link);
    const before = fs.statSync(file).ino;
    writeFileAtomic(file, 'new');
    expect(fs.statSync(file).ino).not.toBe(before);
    expect(fs.readFileSync(link, 'utf8')).toBe('old');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });

  it('gives the file the mode the umask allows, not the 0600 of a private temp file', () => {
    const dir = tempDir();
    const old = process.umask(0o027);
    try {
      writeFileAtomic(path.join(dir, 'f'), 'x');
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(path.join(dir, 'f')).mode & 0o777).toBe(0o640);
  });

  it('writes binary content unchanged', () => {
    const dir = tempDir();
    const bytes = new Uint8Array([0, 255, 10, 13, 0x80]);
    writeFileAtomic(path.join(dir, 'bin'), bytes);
    expect(new Uint8Array(fs.readFileSync(path.join(dir, 'bin')))).toEqual(bytes);
  });
});

describe('temp names', () => {
  it('round-trip the target name and pid so sweeps can tell whose a temp file is', () => {
    const temp = path.basename(tempPathFor('/x/y/some.file.md'));
    expect(parseTempName(temp)).toEqual({ base: 'some.file.md', pid: process.pid });
    expect(parseTempName('some.file.md')).toBeUndefined();
    expect(parseTempName('.x.tmp-12-zz')).toBeUndefined();
  });
});
