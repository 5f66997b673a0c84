// The import graph of src/ against the layer order of DESIGN.md (issue 16):
//   bin → cli → commands → {prepare, compile, search} → commit → store → {core, config}
// A module may import its own folder and folders of lower layers only (skipping layers is
// allowed: cli opening the store is not caught here), and no files may import each other in a
// circle. What breaks this today is listed below, by hand: the test fails on
// any new violation, and also when a listed one is gone, so the list only ever shrinks.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Lower numbers may import higher ones; equal numbers only within one folder. */
const LAYERS: Record<string, number> = { bin: 0, cli: 1, commands: 2, prepare: 3, compile: 3, search: 3, commit: 4, store: 5, core: 6, config: 6 };

/** Imports against the layer order as of issue 15's end: issue 16 removes them. */
const KNOWN_LAYER_VIOLATIONS = [
  'commit/apply-changeset.ts → search/search-index-ops.ts',
  'compile/analyze-document.ts → prepare/converters/converted-document.ts',
  'compile/compile-add.ts → prepare/converters/converted-document.ts',
  'compile/compile-recompile.ts → prepare/converters/converted-document.ts',
  'compile/llm/analysis-from-answer.ts → prepare/converters/converted-document.ts',
  'compile/llm/chunk-document.ts → prepare/converters/converted-document.ts',
  'compile/offline/extract-concepts.ts → prepare/converters/converted-document.ts',
  'compile/rebuild-converted-document.ts → prepare/converters/converted-document.ts',
  'prepare/prepare-item.ts → compile/analyze-document.ts',
  'prepare/prepare-item.ts → compile/document-pages.ts',
  'prepare/reanalyse-item.ts → compile/analyze-document.ts',
  'prepare/reanalyse-item.ts → compile/rebuild-converted-document.ts',
  'search/agent-tools.ts → compile/render-page.ts',
  'search/offline-answer.ts → compile/offline/split-sentences.ts',
  'search/offline-answer.ts → compile/offline/stopwords.ts',
  'search/offline-answer.ts → compile/render-page.ts',
  'search/query-agent.ts → compile/llm/analyze-with-llm.ts',
  'search/query-agent.ts → compile/llm/build-prompts.ts',
  'search/query-agent.ts → compile/llm/call-json.ts',
  'search/search-query.ts → compile/offline/stopwords.ts',
  'search/search-rows.ts → compile/render-page.ts',
];

/** Files that import each other in a circle, each circle's files sorted and joined. */
const KNOWN_CIRCLES: string[] = [];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full).split(path.sep).join('/')] : [];
  });
}

/** The src/ files a file imports (static and dynamic imports, type-only ones included). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/gms)].map((m) => (m[1] ?? m[2]) as string);
  return specifiers.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const folderOf = (file: string): string => file.split('/')[0] as string;

function layerViolations(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [a, b] = [folderOf(from), folderOf(to)];
      if (a === b) continue;
      const [la, lb] = [LAYERS[a], LAYERS[b]];
      if (la === undefined || lb === undefined || la >= lb) out.push(`${from} → ${to}`);
    }
  }
  return [...new Set(out)].sort();
}

/** Strongly connected components of more than one file (Tarjan), each as its sorted files joined. */
function circles(graph: Map<string, string[]>): string[] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1) out.push(component.sort().join(' ↔ '));
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort();
}

describe('architecture: the import graph of src/', () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));

  it('reads every import: each relative import names a file of src/', () => {
    const unresolved = files.flatMap((f) => importsOf(f).filter((t) => !files.includes(t)).map((t) => `${f} → ${t}`));
    expect(unresolved).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });

  it('has layers pointing down, except the known violations (which only shrink)', () => {
    expect(layerViolations(graph)).toEqual([...KNOWN_LAYER_VIOLATIONS].sort());
  });

  it('has no circles between files, except the known ones', () => {
    expect(circles(graph)).toEqual([...KNOWN_CIRCLES].sort());
  });

  it('catches a violation it is shown: a store file importing commit', () => {
    const planted = new Map(graph);
    planted.set('store/store.ts', [...(graph.get('store/store.ts') ?? []), 'commit/changeset.ts']);
    expect(layerViolations(planted)).toContain('store/store.ts → commit/changeset.ts');
    planted.set('commit/changeset.ts', [...(graph.get('commit/changeset.ts') ?? []), 'store/store.ts']);
    expect(circles(planted).some((c) => c.includes('commit/changeset.ts') && c.includes('store/store.ts'))).toBe(true);
  });
});
