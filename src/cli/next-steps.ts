import fs from 'node:fs';
import path from 'node:path';
import { findKbRoot } from '../core/find-kb-root.js';
import type { CliIo } from './cli-io.js';
import { displayPath } from './display-path.js';

// The lines that teach a first run what to do next: after `kb init`, and after the first
// `kb add` that puts documents in an empty knowledge base. They are notes for a person, so the
// commands print them on stderr (stdout is for results), and neither under --quiet or --json.

/** After `kb init`: the command that fills the new knowledge base. */
export function nextAfterInit(root: string, io: CliIo): string {
  return `next: ${kbCommandFor(root, io)} add <folder>`;
}

/** After the first documents: where the wiki is, how to open it, and how to ask it. */
export function nextAfterFirstAdd(root: string, io: CliIo): string {
  const kb = kbCommandFor(root, io);
  const wiki = displayPath(io.cwd, path.join(root, 'wiki'));
  return `next: open the folder ${wiki}/ as an Obsidian vault, or try ${kb} search <words> or ${kb} query <question>`;
}

/**
 * `kb` when a later command run from the same folder and shell finds this knowledge base by
 * itself ($KB_DIR, or walking up from the working directory), else `kb --kb <dir>`: a folder
 * made by `kb init notes` is not found from the folder above it.
 */
function kbCommandFor(root: string, io: CliIo): string {
  const found = findsKb({ env: io.env.KB_DIR, cwd: io.cwd });
  return found !== undefined && samePath(found, root) ? 'kb' : `kb --kb ${shellWord(displayPath(io.cwd, root))}`;
}

function findsKb(input: { env: string | undefined; cwd: string }): string | undefined {
  try {
    return findKbRoot(input);
  } catch {
    return undefined;
  }
}

/** Compared through symlinks: $KB_DIR or the working directory may name the folder by a link. */
function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** A path as it must be typed in a shell: quoted when it holds anything but plain characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./~-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
