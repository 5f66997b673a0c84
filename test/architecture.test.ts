// The import graph of src/ against the layer order of docs/architecture.md (issue 16):
//   bin → cli → commands → {prepare, lint} → compile → search → llm → analyze → commit → store
//     → model → config → core
// A module may import its own folder and folders of lower layers only (skipping layers is
// allowed), with sharper rules: cli never opens kb.db itself (commands/open-kb.ts does),
// model/ imports nothing of kb but core, and compile/ sees kb.db only through
// store/store-reader.ts (reads; replay's commit to a scratch copy). No files may import each
// other in a circle. The shared types are declared once, in model/. Each violation issue 16
// found is planted below to show the test catches it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Lower numbers may import higher ones; equal numbers only within one folder. */
const LAYERS: Record<string, number> = {
  bin: 0, cli: 1, commands: 2, prepare: 3, lint: 3, compile: 4, search: 5, llm: 6, analyze: 7, commit: 8, store: 9, model: 10, config: 11, core: 12,
};

/** Imports that skip layers but are still wrong: the folder (or file) and what it may not import. */
const FORBIDDEN: { from: RegExp; to: RegExp; why: string }[] = [
  { from: /^cli\//, to: /^store\/(store|open-store)\.ts$/, why: 'cli opens kb.db through commands/open-kb.ts' },
  { from: /^model\//, to: /^(?!model\/|core\/)/, why: 'model/ imports nothing of kb but core' },
  { from: /^compile\//, to: /^store\/(?!store-reader\.ts$)/, why: 'compile/ reads kb.db through store-reader.ts; only Store commits' },
];

/** Types every layer shares, declared in model/ only (a second declaration elsewhere is a fork). */
const MODEL_TYPES = ['Changeset', 'ConvertedDocument', 'SectionNode', 'RegistryOp', 'DocumentRow', 'SectionRow', 'SearchRow', 'SearchIndexer'];

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
      if (FORBIDDEN.some((rule) => rule.from.test(from) && rule.to.test(to))) out.push(`${from} → ${to}`);
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

  it('has layers pointing down', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has no circles between files', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('declares the shared types in model/ only', () => {
    const declared = files.flatMap((f) => {
      const text = fs.readFileSync(path.join(SRC, f), 'utf8');
      return MODEL_TYPES.filter((name) => new RegExp(`^export (interface|type|class) ${name}\\b`, 'm').test(text)).map((name) => `${name} in ${f}`);
    });
    expect(declared.every((d) => d.includes(' in model/'))).toBe(true);
    expect(declared).toHaveLength(MODEL_TYPES.length);
  });

  // The violations issue 16 found, planted one at a time into today's graph.
  const planted: [string, string][] = [
    ['commit/apply-changeset.ts', 'search/search-rows.ts'],
    ['compile/compile-add.ts', 'prepare/converters/converted-document.ts'],
    ['analyze/analyze-document.ts', 'prepare/converters/converted-document.ts'],
    ['search/search-rows.ts', 'compile/document-pages.ts'],
    ['search/query-agent.ts', 'compile/compile-add.ts'],
    ['cli/open-context.ts', 'store/store.ts'],
    ['store/store.ts', 'commit/apply-changeset.ts'],
    ['model/changeset.ts', 'store/store.ts'],
    ['compile/compile-add.ts', 'store/store.ts'],
  ];
  it.each(planted)('catches %s importing %s', (from, to) => {
    const withImport = new Map(graph);
    withImport.set(from, [...(graph.get(from) ?? []), to]);
    expect(layerViolations(withImport)).toContain(`${from} → ${to}`);
  });

  it('catches a circle inside a folder and between folders', () => {
    const inside = new Map(graph);
    inside.set('analyze/extract-entities.ts', [...(graph.get('analyze/extract-entities.ts') ?? []), 'analyze/analyze-document.ts']);
    expect(circles(inside).some((c) => c.includes('analyze/analyze-document.ts') && c.includes('analyze/extract-entities.ts'))).toBe(true);
    const between = new Map(graph);
    between.set('compile/document-pages.ts', [...(graph.get('compile/document-pages.ts') ?? []), 'prepare/prepare-item.ts']);
    expect(circles(between).some((c) => c.includes('compile/document-pages.ts') && c.includes('prepare/prepare-item.ts'))).toBe(true);
  });
});
