// Start-up is most of the time of a `kb search` (issue 18: p50 under 300 ms per call at 10,000
// pages, start-up included), and most of start-up is loading modules. Each command loads its
// implementation on demand (src/cli/commands/*-command.ts): a static import of one would put
// it, and all it imports, in front of every kb call. The built binary, as a user runs it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newKb } from './support/kb-state.js';
import { runNode, KB_BIN } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-start-up-');
const LOG_HOOK = fileURLToPath(new URL('./support/log-loaded-modules.mjs', import.meta.url));
const DIST_SRC = path.join(path.dirname(KB_BIN), '..');

/** The modules of kb's src/ a `kb <args>` call loads, as paths like 'commands/search.js'. */
async function modulesLoaded(args: readonly string[]): Promise<string[]> {
  const log = path.join(tempDir(), 'modules.log');
  const run = await runNode('--import', [LOG_HOOK, KB_BIN, ...args], { env: { KB_TEST_MODULE_LOG: log } });
  expect(run.code, run.stderr).toBe(0);
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => path.relative(DIST_SRC, fileURLToPath(url)))
    .filter((file) => !file.startsWith('..'));
}

const COMMANDS = ['add', 'chat', 'doctor', 'init', 'lint', 'list', 'query', 'recompile', 'remove', 'search', 'status', 'watch'];
const implementations = (loaded: readonly string[]): string[] => loaded.filter((file) => COMMANDS.some((c) => file === `commands/${c}.js`));

describe('kb start-up loads only what the command needs', () => {
  it('kb --version loads no command implementation and no analysis, compile or prepare code', async () => {
    const loaded = await modulesLoaded(['--version']);
    expect(loaded).toContain('cli/run-cli.js');
    expect(implementations(loaded)).toEqual([]);
    expect(loaded.filter((file) => /^(analyze|compile|prepare|lint)\//.test(file))).toEqual([]);
  });

  it('kb search loads the search command and none of the others', async () => {
    const root = newKb(fs.realpathSync(tempDir()));
    const loaded = await modulesLoaded(['--kb', root, 'search', 'lighthouse']);
    expect(implementations(loaded)).toEqual(['commands/search.js']);
    expect(loaded.filter((file) => /^(compile|prepare|lint)\//.test(file))).toEqual([]);
  });
});
