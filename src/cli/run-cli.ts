import { Command, InvalidArgumentError, Option } from 'commander';
import { armCrashPoint } from '../core/crash-point.js';
import { ExitCode } from '../core/errors.js';
import { armFailPoint } from '../core/fail-point.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { addCommandHelp } from './command-help.js';
import { registerAdd } from './commands/add-command.js';
import { registerChat } from './commands/chat-command.js';
import { registerDoctor } from './commands/doctor-command.js';
import { registerInit } from './commands/init-command.js';
import { registerLint } from './commands/lint-command.js';
import { registerList } from './commands/list-command.js';
import { registerMcp } from './commands/mcp-command.js';
import { registerQuery } from './commands/query-command.js';
import { registerRecompile } from './commands/recompile-command.js';
import { registerRemove } from './commands/remove-command.js';
import { registerSearch } from './commands/search-command.js';
import { registerStatus } from './commands/status-command.js';
import { registerWatch } from './commands/watch-command.js';
import { reportError } from './report-error.js';

const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    some inputs failed, or lint/doctor found problems
  2    usage error
  3    no knowledge base here, or its config is invalid
  4    timed out waiting for the knowledge-base lock
  5    an interrupted change could not be rolled back (run: kb doctor --repair),
       or must be before a user who cannot write the KB may read it
  6    the LLM provider failed
  70   internal error (a bug in kb; rerun with --debug)
  130  interrupted (Ctrl-C)

The knowledge base is found from --kb <dir>, else $KB_DIR, else the nearest folder
above the working directory that holds .kb/.`;

/** Parses argv, runs one command, and returns the exit code. Never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  armCrashPoint(io.env.KB_TEST_CRASH_AT);
  armFailPoint(io.env.KB_TEST_FAIL_AT);
  let exitCode: number = ExitCode.ok;
  // Commander's usage errors start "error: "; kb's own errors "kb: error: " (report-error.ts).
  const output = {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => write(s.startsWith('error: ') ? `kb: ${s}` : s),
  };
  const program = new Command('kb');
  program
    .description('Turn a folder of documents into a crash-safe plain-Markdown wiki.')
    .version(VERSION, '-V, --version')
    .option('--kb <dir>', 'the knowledge base to use')
    .option('--json', 'machine-readable output on stdout')
    .option('-v, --verbose', 'more detail on stderr')
    .option('--debug', 'debug logs on stderr and stack traces on errors')
    .option('--quiet', 'only errors on stderr')
    .option('--offline', 'use the offline engine for this command, even when llm: is configured')
    .addOption(new Option('--wait <seconds>', 'how long to wait for the knowledge-base lock (default: config lock.wait_s)').argParser(parseSeconds))
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run kb --help for usage)')
    .exitOverride()
    .configureOutput(output);

  const globals = (): GlobalOptions => {
    const o = program.opts<Partial<GlobalOptions>>();
    return { json: !!o.json, verbose: !!o.verbose, debug: !!o.debug, quiet: !!o.quiet, offline: !!o.offline, ...(o.kb !== undefined ? { kb: o.kb } : {}), ...(o.wait !== undefined ? { wait: o.wait } : {}) };
  };
  const setExit = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  // In the order of command-help.ts's groups: `kb --help` lists them so.
  registerInit(program, io, globals);
  registerAdd(program, io, globals, setExit);
  registerWatch(program, io, globals, setExit);
  registerRemove(program, io, globals);
  registerRecompile(program, io, globals, setExit);
  registerSearch(program, io, globals);
  registerQuery(program, io, globals);
  registerChat(program, io, globals, setExit);
  registerMcp(program, io, globals, VERSION);
  registerLint(program, io, globals, setExit);
  registerDoctor(program, io, globals, setExit);
  registerList(program, io, globals);
  registerStatus(program, io, globals);
  addCommandHelp(program);
  for (const command of program.commands) command.exitOverride().configureOutput(output);

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    const debug = argv.includes('--debug');
    return reportError(error, io.stderr, debug);
  }
}

const VERSION = '0.1.0';

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('expected a number of seconds, 0 or more');
  return seconds;
}
