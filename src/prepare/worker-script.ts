import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The file a worker thread of kb runs, found from this module's own URL rather than from the
 * package root, so it holds wherever kb is installed or bundled. Run from dist/, the compiled
 * script sits beside this module. Run from src/ (vitest, tsx), Node 20 cannot start a worker
 * thread on a .ts file without a loader, so the build's copy of the same script is used
 * (`npm run build` makes it; `npm test` builds first).
 */
export function workerScript(name: 'prepare-worker' | 'reanalyse-worker'): string {
  const beside = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  if (fs.existsSync(beside)) return beside;
  const built = fileURLToPath(new URL(`../../dist/src/prepare/${name}.js`, import.meta.url));
  if (fs.existsSync(built)) return built;
  throw new Error(`kb: the worker script ${name}.js is missing: run npm run build`);
}
