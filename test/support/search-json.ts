import { expect } from 'vitest';
import type { SearchResult } from '../../src/commands/search.js';
import { runKb } from './run-kb.js';

/** `kb --kb <root> <args…>` through the built binary. */
export async function kbAt(root: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runKb(['--kb', root, ...args]);
}

/** `kb --json search <args…>`, expected to succeed: its parsed results. */
export async function searchJson(root: string, ...args: string[]): Promise<SearchResult[]> {
  const run = await kbAt(root, '--json', 'search', ...args);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as SearchResult[];
}
