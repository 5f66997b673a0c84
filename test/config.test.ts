// .kb/config.yaml: strict at every level, errors name the dot path (exit 3), flags win over
// settings. parseConfigText is tested in-process; what a user sees, through the built binary.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { initKb } from '../src/commands/init.js';
import { configSchema, defaultConfig } from '../src/config/config-schema.js';
import { formatConfigProblem, loadConfig, parseConfigText } from '../src/config/load-config.js';
import { useTempDirs } from './support/temp-dirs.js';
import { holdLock, killChild, runKb, whenStderr, type LockChild } from './support/run-kb.js';

const tempDir = useTempDirs('kb-config-');
const children: LockChild[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killChild(c)));
});

const EXAMPLE = fileURLToPath(new URL('../config.yaml.example', import.meta.url));

const DEFAULTS = {
  version: 1,
  jobs: 2,
  language: 'en',
  add: { extra_text_types: [] },
  ocr: { enabled: true, languages: 'eng' },
  limits: { max_file_mb: 200, prepare_timeout_s: 300 },
  long_documents: { pages: 20, chars: 200_000 },
  lock: { wait_s: 600 },
  logs: { level: 'info' },
  compile: { concepts_per_document: 1, max_sections_per_concept: 8 },
  llm: { provider: 'none', model: 'gpt-4o-mini', base_url: null, api_key_env: 'OPENAI_API_KEY', concurrency: 4, timeout_s: 60, max_retries: 5, structured_output: 'auto', on_unreachable: 'fail', context_tokens: 8000, max_synthesis_calls: 100 },
  query: { max_turns: 6 },
  lint: { max_page_kb: 100, llm_max_calls: 8 },
  watch: { inbox: 'inbox', debounce_ms: 500, stable_ms: 1000, poll_ms: 2000 },
  mcp: { max_result_chars: 20_000, allow_writes: false },
};

describe('parseConfigText', () => {
  it('gives the defaults for an empty file, a comment-only file, and an empty mapping', () => {
    for (const text of ['', '\n', '# nothing set\n', '{}\n', 'lock:\n  # wait_s: 600\nlogs:\n']) {
      expect(parseConfigText(text), JSON.stringify(text)).toEqual({ config: defaultConfig(), warnings: [], errors: [] });
    }
    expect(defaultConfig()).toEqual(DEFAULTS);
  });

  it('fills in the keys that are not set', () => {
    expect(parseConfigText('lock:\n  wait_s: 2.5\n').config).toEqual({ ...DEFAULTS, lock: { wait_s: 2.5 } });
  });

  it('names every unknown key by its dot path, at any depth', () => {
    const result = parseConfigText('bogus: 1\nlock:\n  wait_s: 1\n  wiat_s: 2\nlogs:\n  levle: debug\n');
    expect(result.config).toBeUndefined();
    expect(result.errors.map((e) => [e.path, e.message]).sort()).toEqual([
      ['bogus', 'unknown key'],
      ['lock.wiat_s', 'unknown key'],
      ['logs.levle', 'unknown key'],
    ]);
  });

  it('names the key whose value has the wrong type or range', () => {
    const cases: [string, string][] = [
      ['lock:\n  wait_s: ten\n', 'lock.wait_s'],
      ['lock:\n  wait_s: -1\n', 'lock.wait_s'],
      ['lock: 5\n', 'lock'],
      ['logs:\n  level: loud\n', 'logs.level'],
      ['version: 2\n', 'version'],
      ['llm:\n  provider: anthropic\n', 'llm.provider'],
      ['llm:\n  context_tokens: 500\n', 'llm.context_tokens'],
      ['llm:\n  base_url: not a url\n', 'llm.base_url'],
      ['query:\n  max_turns: 0\n', 'query.max_turns'],
      // No coercion: a quoted number is a string, and a string is not a number.
      ['lock:\n  wait_s: "10"\n', 'lock.wait_s'],
    ];
    for (const [text, where] of cases) {
      const result = parseConfigText(text);
      expect(result.config, text).toBeUndefined();
      expect(result.errors.map((e) => e.path), text).toEqual([where]);
    }
  });

  it('rejects a file that is not a mapping', () => {
    for (const text of ['42\n', '- a\n- b\n', 'just a string\n']) {
      const result = parseConfigText(text);
      expect(result.config, text).toBeUndefined();
      expect(result.errors, text).toHaveLength(1);
      expect(result.errors[0]!.path).toBe('');
    }
  });

  it('reports broken YAML with the line it broke on', () => {
    const cases: [string, number][] = [
      ['version: 1\nlock:\n  wait_s: 5\n logs: x\n', 4],
      ['version: 1\nversion: 1\n', 2],
      ['lock:\n\twait_s: 1\n', 2],
    ];
    for (const [text, line] of cases) {
      const result = parseConfigText(text);
      expect(result.config, text).toBeUndefined();
      expect(result.errors, text).toEqual([{ path: '', message: expect.stringMatching(/^invalid YAML: /), line }]);
    }
  });

  it('formats a problem as file[:line]: path: message', () => {
    expect(formatConfigProblem('c.yaml', { path: 'lock.wait_s', message: 'unknown key' })).toBe('c.yaml: lock.wait_s: unknown key');
    expect(formatConfigProblem('c.yaml', { path: '', message: 'invalid YAML: x', line: 3 })).toBe('c.yaml:3: invalid YAML: x');
  });

  it('warns, and uses the defaults, when the file is missing', () => {
    const result = loadConfig(path.join(tempDir(), 'nope.yaml'));
    expect(result.config).toEqual(defaultConfig());
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ path: '', message: expect.stringContaining('is missing; using defaults') }]);
  });
});

describe('config.yaml.example', () => {
  const text = fs.readFileSync(EXAMPLE, 'utf8');

  it('parses with no errors and shows exactly the defaults', () => {
    // The example promises "the value shown is the default"; init copies it into every KB.
    expect(parseConfigText(text)).toEqual({ config: defaultConfig(), warnings: [], errors: [] });
  });

  it('sets every key of the schema, so each one is documented', () => {
    const shown = leafPaths(yaml.load(text, { schema: yaml.CORE_SCHEMA }));
    const schemaKeys = schemaLeafPaths(configSchema);
    expect(schemaKeys).toContain('lock.wait_s'); // the walk below really descends
    expect(shown.sort()).toEqual(schemaKeys.sort());
  });

  it('describes concepts_per_document as docs/engine.md does: ranked in the document alone', () => {
    const comment = /((?:\s*#.*\n)+)\s*concepts_per_document:/.exec(text)?.[1] ?? '';
    expect(comment).toContain('in the document alone');
    expect(comment).not.toContain('document frequencies');
  });

  it('has every key in the table of docs/configuration.md', () => {
    const doc = fs.readFileSync(fileURLToPath(new URL('../docs/configuration.md', import.meta.url)), 'utf8');
    const listed = [...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(schemaLeafPaths(configSchema).sort());
  });
});

/** Dot paths of the leaves of the schema's nested objects (defaults and optionals unwrapped). */
function schemaLeafPaths(schema: z.ZodTypeAny, prefix = ''): string[] {
  let inner = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodEffects) {
    inner = inner instanceof z.ZodEffects ? inner.innerType() : inner._def.innerType;
  }
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape as Record<string, z.ZodTypeAny>).flatMap(([key, child]) => schemaLeafPaths(child, prefix ? `${prefix}.${key}` : key));
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('a bad config through the CLI', () => {
  function kbWithConfig(text: string | undefined): string {
    const root = path.join(tempDir(), 'kb');
    initKb(root, new Date('2026-01-02T03:04:05Z'));
    const file = path.join(root, '.kb', 'config.yaml');
    if (text === undefined) fs.rmSync(file);
    else fs.writeFileSync(file, text);
    return root;
  }

  // Each: name, config text, what stderr must say. `kb status` exits 3 for all.
  const cases: [string, string, RegExp][] = [
    ['unknown top-level key', 'version: 1\nbogus: true\n', /config\.yaml: bogus: unknown key/],
    ['unknown nested key', 'lock:\n  wiat_s: 3\n', /config\.yaml: lock\.wiat_s: unknown key/],
    ['wrong type', 'lock:\n  wait_s: ten\n', /config\.yaml: lock\.wait_s: Expected number, received string/],
    ['broken YAML', 'version: 1\nlock:\n  wait_s: 5\n logs: x\n', /config\.yaml:4: invalid YAML: bad indentation/],
  ];
  for (const [name, text, expected] of cases) {
    it(`exits 3 on ${name}, naming where`, async () => {
      const root = kbWithConfig(text);
      const run = await runKb(['status'], { cwd: root });
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^kb: error: invalid configuration:/);
      expect(run.stderr).toMatch(expected);
      // Relative to the cwd, so the user can open it as shown.
      expect(run.stderr).toContain('.kb/config.yaml');
      expect(run.stderr).toMatch(/hint: see config\.yaml\.example/);
    });
  }

  it('is reported by doctor too, and even under --quiet', async () => {
    const root = kbWithConfig('lock:\n  wiat_s: 3\n');
    const run = await runKb(['--kb', root, '--quiet', 'doctor']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('lock.wiat_s');
  });

  it('accepts an empty file (all defaults)', async () => {
    const root = kbWithConfig('');
    const run = await runKb(['--kb', root, 'status', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).docs).toBe(0);
  });

  it('works without the file, with a warning', async () => {
    const root = kbWithConfig(undefined);
    const run = await runKb(['--kb', root, 'status', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/config\.yaml is missing; using defaults/);
    expect(JSON.parse(run.stdout).docs).toBe(0);
  });
});

describe('flags override the config', () => {
  it('--wait beats lock.wait_s: 0', async () => {
    const root = path.join(tempDir(), 'kb');
    initKb(root, new Date('2026-01-02T03:04:05Z'));
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'lock:\n  wait_s: 0\n');
    const holder = await holdLock(root, 'exclusive', -1);
    children.push(holder);
    // With the flag: it must wait (its "waiting" line proves it was blocked, not late).
    let flagWaiting: Promise<void> = new Promise(() => {});
    const byFlagRun = runKb(['--kb', root, 'status', '--wait', '10'], { onSpawn: (child) => (flagWaiting = whenStderr(child, /waiting for lock held by/)) });
    // From the config alone: gives up at once.
    const byConfig = await runKb(['--kb', root, 'status']);
    expect(byConfig.code).toBe(4);
    expect(byConfig.stderr).toMatch(/timed out after 0\.0 s/);
    // Release (SIGUSR1) once the flagged one waits — or has already ended, which fails below.
    await Promise.race([flagWaiting, byFlagRun]);
    holder.child.kill('SIGUSR1');
    const byFlag = await byFlagRun;
    expect(byFlag.code).toBe(0);
    expect(byFlag.stderr).toMatch(new RegExp(`waiting for lock held by pid ${holder.pid} `));
    expect(byFlag.stdout).toMatch(/^knowledge base/);
  });

  it('lock.wait_s is honoured when no flag is given', async () => {
    const root = path.join(tempDir(), 'kb');
    initKb(root, new Date('2026-01-02T03:04:05Z'));
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'lock:\n  wait_s: 0.6\n');
    children.push(await holdLock(root, 'exclusive', -1));
    const run = await runKb(['--kb', root, 'status']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/timed out after 0\.6 s/);
  });
});
