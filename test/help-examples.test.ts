// Every command's `kb <command> --help` ends with examples (src/cli/command-examples.ts), and
// this test runs each of them exactly as the help prints it, against a knowledge base built
// from the shipped samples/ with a real `kb init` and `kb add samples`: an example that no
// longer works (a renamed option, a document the samples lack, a path nobody has) is the first
// thing a new user copies, so it fails here rather than in their shell. The examples are read
// from the real help output of the built binary, so a command added without examples fails
// too, as does one whose examples are not at the end of its help. Also: `kb --help` sorts the
// commands under the four headings.
//
// The world the examples assume: the knowledge base is ~/notes-kb (HOME is a temp folder) and
// the working directory; it holds samples/ and notes.md; ~/papers and ~/Downloads are copies of
// samples/. Each command's examples run in order on their own copy of that world, except init's,
// which need a folder that is not yet a knowledge base. Nothing is configured: all offline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_EXAMPLES, type CommandName } from '../src/cli/command-examples.js';
import { runKb, whenStderr, type KbRun, type RunOptions } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));
const tempDir = useTempDirs('kb-help-examples-');

/**
 * How an example that does not end by itself is run, and the exit status its help and README
 * promise for that ending. `kb watch` runs until Ctrl-C: it gets a SIGINT once it says it is
 * watching, and exits 130. `kb mcp` serves until its client closes stdin and `kb chat` reads
 * until EOF: both get a stdin that ends (chat's holds one question first) and exit 0.
 */
const ENDINGS: Partial<Record<string, { input?: string; interruptWhen?: RegExp; code: number }>> = {
  watch: { interruptWhen: /^watching /m, code: 130 },
  chat: { input: 'how do I feed a sourdough starter?\n', code: 0 },
};

let world = '';

beforeAll(async () => {
  world = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-help-world-')));
  const root = path.join(world, 'notes-kb');
  fs.mkdirSync(root);
  fs.cpSync(SAMPLES, path.join(root, 'samples'), { recursive: true });
  const init = await runKb(['init'], { cwd: root });
  expect(init.code, init.stderr).toBe(0);
  const add = await runKb(['add', 'samples'], { cwd: root });
  expect(add.code, add.stderr).toBe(0);
  expect(add.stdout).toContain('added   samples/urban-beekeeping.pdf → urban-beekeeping');
  fs.writeFileSync(path.join(root, 'notes.md'), '# Allotment notes\n\nThe allotment committee meets on the first Tuesday of each month.\n');
  for (const folder of ['papers', 'Downloads']) fs.cpSync(SAMPLES, path.join(world, folder), { recursive: true });
});
afterAll(() => fs.rmSync(world, { recursive: true, force: true }));

describe('kb --help', () => {
  it('groups the commands: build, ask, maintain, inspect', async () => {
    const help = await runKb(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(commandGroups(help.stdout)).toEqual([
      ['Build the knowledge base:', ['init', 'add', 'watch', 'remove', 'recompile']],
      ['Ask it:', ['search', 'query', 'chat', 'mcp']],
      ['Maintain it:', ['lint', 'doctor']],
      ['Inspect it:', ['list', 'status']],
      ['Help:', ['help']],
    ]);
  });
});

describe('every example in every command help runs as shown', async () => {
  // The commands as `kb --help` lists them, whatever their heading: a new one is tested too.
  const commands = commandGroups((await runKb(['--help'])).stdout).flatMap(([, names]) => names.filter((n) => n !== 'help'));

  it('finds the commands', () => expect(commands.length).toBeGreaterThanOrEqual(13));

  it.each(commands)('kb %s', async (command) => {
    const help = await runKb([command, '--help']);
    expect(help.code, help.stderr).toBe(0);
    const examples = examplesAtEnd(help.stdout);
    expect(examples.length, `kb ${command} --help should end with two or three examples:\n${help.stdout}`).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
    expect(examples).toEqual((COMMAND_EXAMPLES[command as CommandName] ?? []).map(([line]) => line));

    const home = fs.realpathSync(tempDir());
    let cwd: string;
    if (command === 'init') {
      cwd = path.join(home, 'projects');
      fs.mkdirSync(cwd);
    } else {
      fs.cpSync(world, home, { recursive: true });
      cwd = path.join(home, 'notes-kb');
    }
    const ending = ENDINGS[command] ?? { code: 0 };
    for (const example of examples) {
      const [kb, ...args] = shellWords(example, home);
      expect(kb, example).toBe('kb');
      const run = await runExample(args, { cwd, env: { HOME: home }, ...(ending.input !== undefined ? { input: ending.input } : {}) }, ending.interruptWhen);
      expect(run.code, `${example}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(ending.code);
    }
  }, 180_000);
});

/** Runs `kb <args>`; with `interruptWhen`, sends it a SIGINT once its stderr matches that. */
function runExample(args: readonly string[], options: RunOptions, interruptWhen: RegExp | undefined): Promise<KbRun> {
  if (!interruptWhen) return runKb(args, options);
  return runKb(args, { ...options, onSpawn: (child) => void whenStderr(child, interruptWhen).then(() => child.kill('SIGINT')) });
}

/** `kb --help`'s command headings with the names under each, in order. */
function commandGroups(help: string): [string, string[]][] {
  const groups: [string, string[]][] = [];
  for (const line of help.split('\n')) {
    const heading = /^(\S.*:)$/.exec(line)?.[1];
    if (heading !== undefined) groups.push([heading, []]);
    const name = /^ {2}([a-z]+)(?: |$)/.exec(line)?.[1];
    if (name !== undefined) groups.at(-1)?.[1].push(name);
  }
  return groups.filter(([, names]) => names.length > 0);
}

/** The example commands of a help text, without their `# …` comments; none unless they end it. */
function examplesAtEnd(help: string): string[] {
  const lines = help.trimEnd().split('\n');
  const heading = lines.lastIndexOf('Examples:');
  if (heading < 0) return [];
  const rest = lines.slice(heading + 1);
  expect(rest.every((line) => /^ {2}(# |kb )/.test(line)), `only examples and their comments may follow "Examples:":\n${rest.join('\n')}`).toBe(true);
  expect(rest.filter((line) => line.length > 80), 'example lines fit a terminal of 80 columns').toEqual([]);
  return rest.filter((line) => line.startsWith('  kb ')).map((line) => line.trim());
}

/**
 * An example as a POSIX shell would split it, for the little an example may use: plain words,
 * "double" and 'single' quotes, and a leading ~/ (HOME). Anything else a shell would act on
 * (pipes, globs, variables, redirections) fails the test: an example is one command, which a
 * user can paste as it is and this test can run without a shell.
 */
function shellWords(line: string, home: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const [, double, single, bare] = match;
    if (bare === undefined) words.push((double ?? single) as string);
    else {
      expect(bare, `a shell would not pass ${bare} as it is in: ${line}`).toMatch(/^[\w@%+=:,./~-]+$/);
      words.push(bare.startsWith('~/') ? path.join(home, bare.slice(2)) : bare);
    }
  }
  return words;
}
