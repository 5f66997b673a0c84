import type { Command } from 'commander';
import { COMMAND_EXAMPLES, examplesHelp, type CommandName } from './command-examples.js';

/**
 * The headings `kb --help` sorts its commands under, in the order a user meets them: make the
 * knowledge base, ask it, keep it sound, look at it. Commander lists the groups, and the
 * commands in each, in the order the commands were registered (run-cli.ts follows this one).
 */
export const COMMAND_GROUPS: readonly { heading: string; commands: readonly CommandName[] }[] = [
  { heading: 'Build the knowledge base:', commands: ['init', 'add', 'watch', 'remove', 'recompile'] },
  { heading: 'Ask it:', commands: ['search', 'query', 'chat', 'mcp'] },
  { heading: 'Maintain it:', commands: ['lint', 'doctor'] },
  { heading: 'Inspect it:', commands: ['list', 'status'] },
];

/**
 * Puts each registered command under its heading and ends its help with its examples. A command
 * missing from the tables keeps commander's plain "Commands:" heading and no examples, which
 * test/help-examples.test.ts reports.
 */
export function addCommandHelp(program: Command): void {
  for (const command of program.commands) {
    const name = command.name();
    const group = COMMAND_GROUPS.find((g) => g.commands.includes(name as CommandName));
    if (group) command.helpGroup(group.heading);
    if (Object.hasOwn(COMMAND_EXAMPLES, name)) command.addHelpText('after', examplesHelp(name as CommandName));
  }
  // Commander's own `help [command]` last, under a heading of its own rather than a bare "Commands:".
  program.commandsGroup('Help:').helpCommand(true);
}
