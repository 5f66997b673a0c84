import fs from 'node:fs';
import path from 'node:path';
import { converterFor, PLAIN_TEXT } from './converters/convert-document.js';

/** How `kb add` decides what a file is read as. */
export interface ReadAsRules {
  /** config add.extra_text_types, normalised: lower-case extensions with the dot (".py"). */
  extraTextTypes: ReadonlySet<string>;
}

/** The bytes a file with no extension is judged on: enough for any README's first lines. */
const SNIFF_BYTES = 8192;

/**
 * The converter key a file is read with, or undefined when kb does not read it:
 * - its own extension, when kb has a converter for it;
 * - plain text, for an extension listed in add.extra_text_types (source code, say);
 * - plain text, for a file with no extension (README, LICENSE, CHANGELOG) whose first
 *   8 KiB hold no NUL byte and are UTF-8 (a multi-byte character cut at the end allowed).
 * An extension kb reads itself is never overridden by the config list.
 */
export function readAsOf(file: string, rules: ReadAsRules): string | undefined {
  const ext = path.extname(file).toLowerCase();
  if (converterFor(ext)) return ext;
  if (ext !== '' && rules.extraTextTypes.has(ext)) return PLAIN_TEXT;
  if (ext === '' && startsAsText(file)) return PLAIN_TEXT;
  return undefined;
}

/** Normalises the config list: "py", ".PY" and ".py" are one extension. */
export function extraTextTypes(configured: readonly string[]): ReadonlySet<string> {
  return new Set(configured.map((ext) => `.${ext.replace(/^\./, '').toLowerCase()}`));
}

function startsAsText(file: string): boolean {
  let head: Uint8Array;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      head = buffer.subarray(0, fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Unreadable now: the hash that follows reports why, with the file's own reason.
    return true;
  }
  if (head.includes(0)) return false;
  try {
    // stream: a character cut by the 8 KiB boundary is not an error (nor decoded, and not checked).
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
