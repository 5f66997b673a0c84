import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** kb's worker-thread scripts, each by the folder of src/ it is in. */
const WORKER_FOLDERS = { 'prepare-worker': 'prepare', 'reanalyse-worker': 'prepare', 'page-stamps-worker': 'commit' } as const;

/**
 * The file a worker thread of kb runs, found from this module's own URL rather than from the
 * package root, so it holds wherever kb is installed or bundled. Run from dist/, the compiled
 * script sits in this module's sibling folder. Run from src/ (vitest, tsx), Node 20 cannot
 * start a worker thread on a .ts file without a loader, so the build's copy of the same script
 * is used (`npm run build` makes it; `npm test` builds first).
 */
export function workerScript(name: keyof typeof WORKER_FOLDERS): string {
  const folder = WORKER_FOLDERS[name];
  const beside = fileURLToPath(new URL(`../${folder}/${name}.js`, import.meta.url));
  if (fs.existsSync(beside)) return beside;
  const built = fileURLToPath(new URL(`../../dist/src/${folder}/${name}.js`, import.meta.url));
  if (fs.existsSync(built)) return built;
  throw new Error(`kb: the worker script ${name}.js is missing: run npm run build`);
}
