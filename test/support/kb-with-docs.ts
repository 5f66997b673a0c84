import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { newKb } from './kb-state.js';
import { runKb } from './run-kb.js';

export interface KbWithDocs {
  /** The knowledge base built for the test file (shared: copy it before changing it). */
  root(): string;
  /** A copy of it in `<into>/kb`, for one test to change. */
  copy(into: string): string;
}

/**
 * A knowledge base built once per test file, before its tests, from `files` (name → text or
 * bytes) with a real `kb add [addArgs]`, and removed after them.
 */
export function useKbWithDocs(prefix: string, files: Record<string, string | Uint8Array>, addArgs: readonly string[] = []): KbWithDocs {
  let work = '';
  let root = '';
  beforeAll(async () => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    root = newKb(work);
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(input, name), content);
    const added = await runKb(['--kb', root, ...addArgs, 'add', input]);
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  return {
    root: () => root,
    copy: (into) => {
      const copy = path.join(into, 'kb');
      fs.cpSync(root, copy, { recursive: true });
      return copy;
    },
  };
}
