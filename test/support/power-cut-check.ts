import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { withKbLock } from '../../src/commit/with-kb-lock.js';
import { checkDatabase, checkLeftovers, checkRegistry, checkSameContent, checkSearchIndex, checkWikiLinks } from '../../src/commands/doctor-checks.js';
import type { DocumentRow } from '../../src/model/registry.js';
import type { KbContext } from '../../src/store/kb-context.js';
import { losableParts, lossPatterns, materialise } from './power-cut-states.js';
import type { Recording } from './record-durable-ops.js';
import { contextOn, snapshotTree } from './temp-kb.js';

/** What must match byte for byte after recovery: raw/ and wiki/, and the registry rows. */
export interface KbState {
  tree: Record<string, string>;
  registry: DocumentRow[];
}

let ids = 0;

/** An in-process context on an existing KB; journal ids sort after those of the CLI's seed. */
export function contextFor(root: string): KbContext {
  return contextOn(root, { journalId: () => `${Date.now().toString(36).padStart(9, '0')}-pc${++ids}`, chatId: () => `c${++ids}` });
}

export function readState(ctx: KbContext): KbState {
  return { tree: snapshotTree(ctx.paths.root), registry: ctx.store.documents.list() };
}

/** The state of a KB copy, read without recovery (a copy of the recording's start is clean). */
export function stateOfCopy(root: string, scratch: string): KbState {
  fs.cpSync(root, scratch, { recursive: true });
  const ctx = contextFor(scratch);
  try {
    return readState(ctx);
  } finally {
    ctx.store.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export interface PowerCutReport {
  /** Power-cut states built (prefix × loss pattern). */
  states: number;
  /** Of those, the distinct ones on disk, each recovered and checked. */
  checked: number;
  failures: string[];
}

/**
 * For every prefix of the trace and every loss pattern (power-cut-states.ts): build the
 * state, open it the way every command does (the lock's first acquisition runs recovery),
 * then require that it is one of `allowed`, byte for byte, and that doctor's checks are clean.
 */
export async function checkPowerCuts(recording: Recording, allowed: readonly KbState[], work: string, renameTemp: (rel: string) => string): Promise<PowerCutReport> {
  const report: PowerCutReport = { states: 0, checked: 0, failures: [] };
  const seen = new Set<string>();
  const allowedKeys = allowed.map((s) => JSON.stringify(s));
  for (let prefix = 0; prefix <= recording.ops.length; prefix++) {
    for (const lost of lossPatterns(losableParts(recording.ops, prefix))) {
      report.states++;
      const dir = path.join(work, `state-${report.states}`);
      materialise(recording, prefix, lost, dir, renameTemp);
      const print = fingerprint(dir);
      if (seen.has(print)) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      seen.add(print);
      report.checked++;
      const problem = await recoverAndCheck(dir, allowedKeys);
      if (problem) report.failures.push(`cut after op ${prefix} (${describe(recording, prefix)}), lost [${[...lost].join(' ')}]: ${problem}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return report;
}

async function recoverAndCheck(dir: string, allowedKeys: readonly string[]): Promise<string | undefined> {
  const ctx = contextFor(dir);
  try {
    await withKbLock(ctx, 'exclusive', () => undefined);
    const violations = [...checkDatabase(ctx), ...checkLeftovers(ctx), ...(await checkRegistry(ctx)), ...checkSameContent(ctx), ...checkWikiLinks(ctx), ...checkSearchIndex(ctx)];
    if (violations.length > 0) return `doctor: ${violations.map((v) => `${v.kind} ${v.path}`).join(', ')}`;
    if (!allowedKeys.includes(JSON.stringify(readState(ctx)))) return 'the KB is neither the state before the change nor the one after it';
    return undefined;
  } catch (error) {
    return `recovery threw: ${(error as Error).message}`;
  } finally {
    ctx.store.close();
  }
}

function describe(recording: Recording, prefix: number): string {
  const op = recording.ops[prefix - 1];
  return op ? JSON.stringify({ ...op, bytes: undefined }) : 'nothing';
}

/** Names and bytes of every file under `dir`: two states alike on disk recover alike. */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(rel, entry.name);
      hash.update(`${child}\0`);
      if (entry.isDirectory()) walk(child);
      else hash.update(fs.readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return hash.digest('hex');
}
