import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { expectConsistent, newKb, parseNdjson } from './kb-state.js';
import { kbAt } from './search-json.js';

/**
 * A new KB under `work` and `kb --offline add` of a folder holding one good and one broken
 * file of a format, through the built binary: the broken one fails with a reason matching
 * `brokenReason`, the good one is added, the registry is consistent and `kb doctor` is clean.
 * Returns the KB's root, for the format's own checks (search, pages).
 */
export async function addGoodAndBroken(
  work: string,
  files: { good: [name: string, bytes: Uint8Array]; broken: [name: string, bytes: Uint8Array | string]; brokenReason: RegExp },
): Promise<string> {
  const root = newKb(work);
  const input = path.join(work, 'input');
  fs.mkdirSync(input);
  fs.writeFileSync(path.join(input, files.good[0]), files.good[1]);
  fs.writeFileSync(path.join(input, files.broken[0]), files.broken[1]);
  const add = await kbAt(root, '--offline', '--json', 'add', input);
  expect(add.code, add.stderr).toBe(1);
  const outcomes = new Map(parseNdjson(add.stdout).filter((o) => o.type === 'file').map((o) => [path.basename(String(o.path)), o]));
  expect(outcomes.get(files.good[0])).toMatchObject({ status: 'added' });
  expect(outcomes.get(files.broken[0])).toMatchObject({ status: 'failed', reason: expect.stringMatching(files.brokenReason) });
  expectConsistent(root, 'after add');
  const doctor = await kbAt(root, '--json', 'doctor');
  expect(doctor.code, doctor.stdout).toBe(0);
  return root;
}
