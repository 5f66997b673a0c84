import fs from 'node:fs';
import yaml from 'js-yaml';
import type { ZodIssue } from 'zod';
import { configSchema, type KbConfig } from './config-schema.js';

export interface ConfigProblem {
  /** Dot path of the offending key ('' for the whole file). */
  path: string;
  message: string;
  line?: number;
}

export interface LoadedConfig {
  config: KbConfig | undefined;
  warnings: ConfigProblem[];
  errors: ConfigProblem[];
}

/** read → parse → validate. Never throws for a bad file: problems are returned for the caller. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { config: configSchema.parse({}), warnings: [{ path: '', message: `${file} is missing; using defaults` }], errors: [] };
    return { config: undefined, warnings: [], errors: [{ path: '', message: `cannot read ${file}: ${String(error)}` }] };
  }
  return parseConfigText(text);
}

export function parseConfigText(text: string): LoadedConfig {
  let raw: unknown;
  try {
    // CORE_SCHEMA: plain YAML 1.2 types only; no dates or custom tags sneaking into settings.
    raw = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    const line = mark?.line === undefined ? undefined : mark.line + 1;
    return { config: undefined, warnings: [], errors: [{ path: '', message: `invalid YAML: ${reason}`, ...(line ? { line } : {}) }] };
  }
  if (raw === undefined || raw === null) raw = {};
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { config: parsed.data, warnings: [], errors: [] };
  return { config: undefined, warnings: [], errors: parsed.error.issues.flatMap(describeIssue) };
}

function describeIssue(issue: ZodIssue): ConfigProblem[] {
  const base = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown key' }));
  }
  return [{ path: base.join('.'), message: issue.message }];
}

export function formatConfigProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line ? `${file}:${problem.line}` : file;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}
