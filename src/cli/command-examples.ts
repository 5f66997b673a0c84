/**
 * The examples at the end of each command's `--help`, kept here, in one list, so that the help
 * and test/help-examples.test.ts (which runs every one of them against a knowledge base built
 * from samples/) cannot drift apart. Each is a single command, without pipes or variables, that
 * works offline; its comment says what it does.
 * Paths follow one story: the knowledge base is ~/notes-kb and the current folder; it holds
 * samples/ (a copy of the shipped samples) and notes.md; ~/papers and ~/Downloads hold documents.
 */
export const COMMAND_EXAMPLES = {
  init: [
    ['kb init', 'make the current folder a knowledge base'],
    ['kb init ~/notes-kb', 'create one in ~/notes-kb, making the folder if needed'],
  ],
  add: [
    ['kb add samples', 'every supported file in samples/ and its subfolders'],
    ['kb add ~/papers --jobs 4', 'prepare four files at a time'],
    ['kb --json add notes.md', 'one JSON line per file, then a summary line'],
  ],
  watch: [
    ['kb watch', 'add what lands in the inbox folder (<kb>/inbox) until Ctrl-C'],
    ['kb watch ~/Downloads --jobs 4', 'add what appears in ~/Downloads, four files at a time'],
  ],
  remove: [
    ['kb remove sourdough-starter --dry-run', 'show what would be deleted and changed; change nothing'],
    ['kb remove sourdough-starter --yes', 'remove it without asking (as scripts must)'],
    ['kb remove urban-beekeeping.pdf --yes --keep-raw', 'by original file name; the file moves to raw/kept/'],
  ],
  recompile: [
    ['kb recompile sourdough-starter', "rebuild one document's pages"],
    ['kb recompile --all --dry-run', 'show what rebuilding every document would change'],
    ['kb recompile --all --yes', 'rebuild everything with the current engine, e.g. after configuring an LLM'],
  ],
  search: [
    ['kb search sourdough starter', 'the best documents, each at its best section'],
    ['kb search "compost bin" --limit 3', 'at most three documents'],
    ['kb --json search honey bees --sections', 'up to three more matching sections per document, as JSON'],
  ],
  query: [
    ['kb query "how often do I feed a sourdough starter?"', 'an answer that cites the pages it used'],
    ['kb query "how late should the library stay open?" --save', 'also save it in wiki/explorations/'],
    ['kb --json query "what did the team decide?"', 'the answer and its citations as JSON'],
  ],
  chat: [
    ['kb chat', 'a new conversation; /exit or Ctrl-D leaves'],
    ['kb chat --resume', 'go on with the most recent conversation'],
    ['kb chat --list', 'the stored conversations, most recent first'],
  ],
  mcp: [
    ['kb mcp', 'serve the knowledge base found from the current folder'],
    ['kb --kb ~/notes-kb mcp', 'for an MCP client (Claude Code, Cursor, …), which starts kb elsewhere'],
  ],
  lint: [
    ['kb lint', 'check the wiki and save a report in wiki/reports/'],
    ['kb lint --fix', 'repair links, duplicate concepts and the index, then check again'],
    ['kb --json lint', 'the issues as JSON'],
  ],
  doctor: [
    ['kb doctor', "check the knowledge base's invariants"],
    ['kb doctor --repair', 'recover interrupted changes and sweep leftovers'],
  ],
  list: [
    ['kb list', 'each document with its title'],
    ['kb --json list', "as JSON, with each document's hash and the paths of its files"],
  ],
  status: [
    ['kb status', 'documents, pages and pending journals'],
    ['kb --json status', 'the same as JSON, for scripts'],
    ['kb status --no-edits', 'counts only, fast in a big knowledge base (hand edits not checked)'],
  ],
} as const satisfies Record<string, readonly (readonly [command: string, what: string])[]>;

export type CommandName = keyof typeof COMMAND_EXAMPLES;

/**
 * The `Examples:` block a command's help ends with: each command under its `#` comment, which
 * a long command would otherwise push past 80 columns.
 */
export function examplesHelp(command: CommandName): string {
  return ['', 'Examples:', ...COMMAND_EXAMPLES[command].flatMap(([line, what]) => [`  # ${what}`, `  ${line}`])].join('\n');
}
