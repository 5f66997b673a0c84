// `kb lint [--fix]` through the built binary on real temp KBs: a clean KB lints clean; one
// defect per check, planted by editing files (and, for a duplicate concept, the registry)
// the way a user or an older kb would, is found; --fix repairs the mechanical ones in one
// change and a second lint is clean; the rest are reported with a hint and left alone; a
// SIGKILL during --fix rolls back byte for byte; with an LLM, contradictions and gaps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptAsKbText, listFiles, newKb } from './support/kb-state.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-lint-');

// Marina, lagoon and schooner: words that are a concept alone (harbour, tide and ship are
// everyday English words, which the offline engine never makes a concept by themselves).
const DOCS: Record<string, string> = {
  // Terms introduced in emphasis are among the documents' concepts (rank-concepts.ts selectSalient).
  'marina-notes.md': '# Marina Notes\n\nLagoons in the _marina_ matter for _schooners_. The _lagoons_ and _lighthouse keepers_.\n\n## Pilots\n\nMarina pilots guide schooners past the _breakwater_ at _high lagoon_.\n',
  'lagoon-tables.txt': 'Lagoon tables\n\nEvery marina keeps lagoon tables. The tables list the high lagoon and low lagoon of the marina. A marina posts its lagoon daily. Schooners wait at the marina for the lagoon, and marina pilots guide them.\n',
  'compiler.md': '# Rust Compiler\n\nThe _borrow checker_ enforces _ownership_. Ownership and _borrowing_ make the compiler strict.\n\n## Lifetimes\n\nThe _lifetimes_ tell the borrow checker how long references live.\n',
};

interface LintJson {
  issues: { kind: string; page: string; detail: string; severity: 'error' | 'warning'; hint?: string }[];
  errors: number;
  warnings: number;
  fixed: string[];
  report: string;
}

/** A KB with DOCS added (offline engine), built once; each test lints its own copy. */
let template: string;
beforeAll(async () => {
  template = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-template-'));
  fs.mkdirSync(path.join(template, 'in'));
  for (const [name, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(template, 'in', name), text);
  const root = newKb(path.join(template, 'parent'));
  // Ten concept pages a document (the default is 3), so that the three documents share pages.
  const config = path.join(root, '.kb', 'config.yaml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^  concepts_per_document: 1$/m, '  concepts_per_document: 10'));
  const added = await runKb(['--kb', root, 'add', 'in'], { cwd: template });
  expect(added.code, added.stderr).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

async function kbWithDocs(): Promise<string> {
  const root = path.join(fs.realpathSync(tempDir()), 'kb');
  fs.cpSync(path.join(template, 'parent', 'kb'), root, { recursive: true });
  return root;
}

async function lint(root: string, ...args: string[]): Promise<{ code: number | null; json: LintJson; stderr: string }> {
  const run = await runKb(['--kb', root, 'lint', '--json', ...args]);
  expect(run.stdout, run.stderr).toMatch(/^\{/);
  return { code: run.code, json: JSON.parse(run.stdout) as LintJson, stderr: run.stderr };
}

const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
const write = (root: string, rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const kinds = (json: LintJson): string[] => [...new Set(json.issues.map((i) => i.kind))].sort();

/**
 * One defect per mechanical check: two broken links on a concept page (one that normalises
 * to an existing page, one to nothing), an index line and a catalogue entry deleted, and a
 * duplicate concept as an older registry would hold it ("Lagoons" next to "lagoon": its own row,
 * member and page, linked from a summary) plus a copied page.
 */
function plantMechanicalDefects(root: string): void {
  write(root, 'wiki/concepts/marina.md', `${read(root, 'wiki/concepts/marina.md')}\nSee [[concepts/high-lagoons|High lagoons]] and [[concepts/no-such-thing|nothing here]].\n`);
  write(root, 'wiki/index.md', read(root, 'wiki/index.md').replace(/^- \[\[summaries\/compiler\|.*\n/m, ''));
  write(root, 'wiki/catalog/concepts-001.md', read(root, 'wiki/catalog/concepts-001.md').replace(/^- \[\[concepts\/breakwater\|.*\n/m, ''));
  const db = new Database(path.join(root, '.kb', 'kb.db'));
  try {
    db.prepare("INSERT INTO concepts (key, slug, name, docs, description, catalog_page) VALUES ('Lagoons', 'lagoons', 'Lagoons', 1, '', 1)").run();
    db.prepare("INSERT INTO concept_docs (concept, doc, score, mentions, sentences) VALUES ('Lagoons', 'compiler', 0.5, 1, ?)").run(JSON.stringify(['Lagoons do not reach the compiler.']));
  } finally {
    db.close();
  }
  const lagoonsPage = read(root, 'wiki/concepts/lifetime.md').replace(/^title: .*$/m, 'title: Lagoons').replace(/^# .*$/m, '# Lagoons');
  write(root, 'wiki/concepts/lagoons.md', lagoonsPage);
  write(root, 'wiki/summaries/compiler.md', read(root, 'wiki/summaries/compiler.md').replace('## Concepts\n\n', '## Concepts\n\n- [[concepts/lagoons|Lagoons]]\n'));
  // Defects in kb's own text (as an older kb left them): --fix repairs those.
  for (const rel of ['wiki/concepts/marina.md', 'wiki/index.md', 'wiki/catalog/concepts-001.md', 'wiki/concepts/lagoons.md', 'wiki/summaries/compiler.md']) adoptAsKbText(root, rel);
  // A page the user copied: theirs, so reported and left alone.
  write(root, 'wiki/concepts/schooners-copy.md', read(root, 'wiki/concepts/schooner.md'));
}

/** raw/ and wiki/ byte for byte, and the registry rows that lint --fix may change. */
function exactState(root: string): { files: Record<string, string>; rows: unknown } {
  const files: Record<string, string> = {};
  for (const rel of [...listFiles(root, 'raw'), ...listFiles(root, 'wiki')]) files[rel] = fs.readFileSync(path.join(root, rel)).toString('base64');
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true });
  try {
    const rows = Object.fromEntries(['documents', 'concepts', 'concept_docs', 'entities', 'entity_docs', 'page_links', 'search_rows'].map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
    return { files, rows };
  } finally {
    db.close();
  }
}

describe('kb lint', () => {
  it('a freshly built KB lints clean (exit 0), and the report is a journaled KB write with a log entry', async () => {
    const root = await kbWithDocs();
    const { code, json } = await lint(root);
    expect(code).toBe(0);
    expect(json.issues).toEqual([]);
    expect(json.report).toMatch(/^wiki\/reports\/lint-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.md$/);
    expect(read(root, json.report)).toContain('0 errors, 0 warnings');
    expect(read(root, 'wiki/log.md')).toMatch(/\] lint \| 0 errors, 0 warnings; reports\/lint-/);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it('leaves alone the notes a user keeps in folders of their own: no frontmatter needed, no inbound link', async () => {
    const root = await kbWithDocs();
    write(root, 'wiki/my-reading-list.md', '# My reading list\n\n- [[summaries/compiler]]\n- Read more on lagoons.\n');
    write(root, 'wiki/journal/2026-12-07.md', '---\ntags: [diary]\n---\nWalked to the marina.\n');
    const { code, json } = await lint(root);
    expect(code, JSON.stringify(json.issues)).toBe(0);
    expect(json.issues).toEqual([]);
  });

  it('an empty knowledge base (kb init only) lints clean', async () => {
    const root = newKb(path.join(fs.realpathSync(tempDir()), 'parent'));
    const { code, json } = await lint(root);
    expect(code).toBe(0);
    expect(json.issues).toEqual([]);
  });

  it('finds each planted mechanical defect (exit 1); --fix repairs them in one change; the next lint is clean', async () => {
    const root = await kbWithDocs();
    plantMechanicalDefects(root);
    const found = await lint(root);
    expect(found.code).toBe(1);
    expect(kinds(found.json)).toEqual(['broken-link', 'duplicate-concept', 'index-out-of-sync', 'orphan-page']);
    expect(found.json.issues.filter((i) => i.kind === 'broken-link').map((i) => i.detail)).toEqual([expect.stringContaining('[[concepts/high-lagoons]]'), expect.stringContaining('[[concepts/no-such-thing]]')]);
    expect(found.json.issues.filter((i) => i.kind === 'duplicate-concept').map((i) => i.page).sort()).toEqual(['wiki/concepts/lagoons.md', 'wiki/concepts/schooners-copy.md']);
    expect(found.json.issues.filter((i) => i.kind === 'index-out-of-sync').map((i) => i.page).sort()).toEqual(['wiki/catalog/concepts-001.md', 'wiki/index.md']);

    const fixed = await lint(root, '--fix');
    expect(fixed.code, fixed.stderr).toBe(0);
    const userCopy = [
      { kind: 'duplicate-concept', page: 'wiki/concepts/schooners-copy.md', severity: 'warning', detail: expect.any(String), hint: expect.stringContaining('kb did not write wiki/concepts/schooners-copy.md') },
      { kind: 'orphan-page', page: 'wiki/concepts/schooners-copy.md', severity: 'warning', detail: expect.any(String), hint: expect.any(String) },
    ];
    expect(fixed.json.issues).toEqual(userCopy);
    expect(fixed.json.fixed.length).toBeGreaterThan(0);
    // Links: rewritten to the page that normalises alike, demoted to text keeping the label.
    expect(read(root, 'wiki/concepts/marina.md')).toContain('See [[concepts/high-lagoon|High lagoons]] and nothing here.');
    const lagoon = read(root, 'wiki/concepts/lagoon.md');
    // Duplicates merged: the registered one's document moved onto the keeper, its row and page gone.
    expect(fs.existsSync(path.join(root, 'wiki/concepts/lagoons.md'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'wiki/concepts/schooners-copy.md'))).toBe(true);
    expect(lagoon).toContain('<!-- kb:doc compiler -->');
    expect(lagoon).toMatch(/^documents: 3$/m);
    expect(read(root, 'wiki/summaries/compiler.md')).toContain('[[concepts/lagoon|Lagoons]]');
    const state = exactState(root).rows as Record<string, { concept?: string; key?: string; doc?: string; docs?: number }[]>;
    expect(state.concepts!.some((r) => r.key === 'Lagoons')).toBe(false);
    expect(state.concepts!.find((r) => r.key === 'lagoon')?.docs).toBe(3);
    expect(state.concept_docs!.filter((r) => r.concept === 'lagoon').map((r) => r.doc).sort()).toEqual(['compiler', 'lagoon-tables', 'marina-notes']);
    // Index and catalogue rewritten from the registry; one log entry for the fix.
    expect(read(root, 'wiki/index.md')).toContain('[[summaries/compiler|');
    expect(read(root, 'wiki/catalog/concepts-001.md')).toContain('[[concepts/breakwater|');
    expect(read(root, 'wiki/log.md').match(/\] fix \| \d+ repairs/g)).toHaveLength(1);

    const again = await lint(root);
    expect(again.code).toBe(0);
    expect(again.json.issues).toEqual(userCopy);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it('reports what is not mechanical with a hint, and --fix leaves it alone', async () => {
    const root = await kbWithDocs();
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'version: 1\nlint:\n  max_page_kb: 8\n');
    write(root, 'raw/stray.txt', 'a file nobody added\n');
    write(root, 'wiki/summaries/ghost.md', '---\ntitle: Ghost\ntype: summary\n---\n# Ghost\n');
    fs.rmSync(path.join(root, 'raw/lagoon-tables.txt'));
    fs.appendFileSync(path.join(root, 'raw/compiler.md'), '\nEdited after it was added.\n');
    write(root, 'wiki/sources/marina-notes.md', read(root, 'wiki/sources/marina-notes.md').replace('Marina pilots guide', 'Marina pilots (the user says) guide'));
    // Tags the user gave a source page in Obsidian are no edit of its text: kb carries them over.
    write(root, 'wiki/sources/compiler.md', read(root, 'wiki/sources/compiler.md').replace('type: source\n', 'type: source\ntags: [harbour]\n'));
    write(root, 'wiki/entities/notes.md', '# Notes without frontmatter\n\n[[summaries/compiler]]\n');
    write(root, 'wiki/concepts/lonely.md', '---\ntitle: Lonely\ntype: concept\n---\n# Lonely\n');
    write(root, 'wiki/explorations/big.md', `---\ntitle: Big\ntype: exploration\n---\n${'A long saved answer. '.repeat(500)}\n`);
    const before = exactState(root).files;

    const found = await lint(root);
    expect(found.code).toBe(1);
    const byKind = new Map(found.json.issues.map((i) => [i.kind, i]));
    expect(kinds(found.json)).toEqual(['frontmatter', 'orphan-page', 'oversized-page', 'page-unregistered', 'raw-unregistered', 'registered-missing-files', 'stale-page']);
    expect(byKind.get('raw-unregistered')).toMatchObject({ page: 'raw/stray.txt', severity: 'error' });
    expect(byKind.get('registered-missing-files')).toMatchObject({ page: 'raw/lagoon-tables.txt', severity: 'error', hint: expect.stringContaining('kb remove lagoon-tables') });
    expect(found.json.issues.filter((i) => i.kind === 'stale-page').map((i) => [i.page, i.severity, i.hint])).toEqual([
      ['wiki/sources/marina-notes.md', 'warning', expect.stringContaining('kb keeps your edits')],
      ['wiki/summaries/compiler.md', 'warning', 'kb recompile compiler'],
    ]);
    // A page the user wrote in kb's folders is read as one of kb's kind: the hint says how to make it one, or where notes go.
    expect(byKind.get('frontmatter')).toMatchObject({ page: 'wiki/entities/notes.md', detail: 'no frontmatter', severity: 'error', hint: expect.stringContaining('or move it out of wiki/entities/') });
    expect(found.json.issues.filter((i) => i.kind === 'orphan-page').map((i) => i.page).sort()).toEqual(['wiki/concepts/lonely.md', 'wiki/entities/notes.md', 'wiki/summaries/ghost.md']);
    expect(byKind.get('oversized-page')).toMatchObject({ page: 'wiki/explorations/big.md', severity: 'warning' });

    const fixed = await lint(root, '--fix');
    expect(fixed.code).toBe(1);
    expect(fixed.json.fixed).toEqual([]);
    expect(kinds(fixed.json)).toEqual(kinds(found.json));
    const after = exactState(root).files;
    for (const rel of Object.keys(before)) if (!rel.startsWith('wiki/reports/') && rel !== 'wiki/log.md') expect(after[rel], rel).toBe(before[rel]);
  });

  it('a SIGKILL during lint --fix is rolled back by the next command, byte for byte and row for row', async () => {
    const root = await kbWithDocs();
    plantMechanicalDefects(root);
    const before = exactState(root);
    const crashed = await runKb(['--kb', root, 'lint', '--fix'], { env: { KB_TEST_CRASH_AT: 'target:3:applied' } });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(exactState(root)).not.toEqual(before); // the kill came mid-change
    const status = await runKb(['--kb', root, 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(exactState(root)).toEqual(before);
  });
});

describe('kb lint with an LLM', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('asks for contradictions and gaps on the largest concept pages, within lint.llm_max_calls', async () => {
    const root = await kbWithDocs();
    fs.writeFileSync(
      path.join(root, '.kb', 'config.yaml'),
      `version: 1\nllm:\n  provider: openai\n  base_url: ${server.baseUrl}\n  max_retries: 0\nlint:\n  llm_max_calls: 2\n`,
    );
    server.fallback = () => ({ contradictions: [], gaps: [] });
    server.script({ answer: { kind: 'ok', json: { contradictions: [{ detail: 'One section says lagoons matter, another that schooners wait.' }], gaps: [{ detail: 'When is high lagoon?' }] } } });
    const { code, json } = await lint(root);
    expect(code).toBe(0);
    expect(server.requests.length).toBe(2);
    expect(server.requests.every((r) => r.user.startsWith('Wiki page wiki/concepts/'))).toBe(true);
    // The KB was compiled offline: its shared pages have no LLM overview yet (test/synthesis.test.ts).
    expect(json.issues.filter((i) => i.kind !== 'stale-overview').map((i) => [i.kind, i.severity])).toEqual([
      ['contradiction', 'warning'],
      ['gap', 'warning'],
    ]);
    const offline = await runKb(['--kb', root, '--offline', 'lint']);
    expect(offline.code).toBe(0);
    expect(server.requests.length).toBe(2);

    // A call that fails for good ends the LLM checks with one warning; lint itself goes on.
    server.script({ answer: { kind: 'status', status: 401 } });
    const failed = await lint(root);
    expect(failed.code).toBe(0);
    expect(server.requests.length).toBe(3);
    expect(failed.json.issues.filter((i) => i.kind !== 'stale-overview')).toEqual([expect.objectContaining({ kind: 'llm-check-failed', severity: 'warning', detail: expect.stringContaining('401') })]);
  });

  it('keeps the links LLM summaries record in step: after a merge they follow the keeper, so removing it later unlinks them', async () => {
    const work = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(work, 'in'));
    fs.writeFileSync(path.join(work, 'in', 'alpha.md'), '# Alpha\n\nAlpha lagoon notes: the lagoon rises twice a day.\n');
    fs.writeFileSync(path.join(work, 'in', 'beta.md'), '# Beta\n\nBeta marina notes: the marina is deep.\n');
    const root = newKb(path.join(work, 'parent'));
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), `version: 1\nllm:\n  provider: openai\n  base_url: ${server.baseUrl}\n  max_retries: 0\n`);
    const answer = (name: string, description: string, concept: string) => ({
      title: name,
      description,
      keyPoints: [`${name} is a note.`],
      concepts: [{ name: concept, importance: 8, statement: `${name} is about the ${concept}.` }],
      entities: [],
    });
    server.fallback = (request) => (request.user.includes('Beta marina') ? answer('Beta', 'Beta links [[concepts/lagoons|the lagoons page]].', 'marina') : answer('Alpha', 'Alpha notes.', 'lagoon'));
    expect((await runKb(['--kb', root, 'add', 'in/alpha.md'], { cwd: work })).code).toBe(0);
    // The same concept under a second key, as an older normalisation left it: row, member, page.
    const db = new Database(path.join(root, '.kb', 'kb.db'));
    db.prepare("INSERT INTO concepts (key, slug, name, docs, description, catalog_page) VALUES ('Lagoons', 'lagoons', 'Lagoons', 1, '', 1)").run();
    db.prepare("INSERT INTO concept_docs (concept, doc, name, score, mentions, sentences) VALUES ('Lagoons', 'alpha', 'Lagoons', 0.5, 1, '[]')").run();
    db.close();
    write(root, 'wiki/concepts/lagoons.md', read(root, 'wiki/concepts/lagoon.md').replace(/^title: .*$/m, 'title: Lagoons'));
    adoptAsKbText(root, 'wiki/concepts/lagoons.md');
    expect((await runKb(['--kb', root, 'add', 'in/beta.md'], { cwd: work })).code).toBe(0);
    const links = (): unknown[] => {
      const ro = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true });
      try {
        return ro.prepare("SELECT to_page FROM page_links WHERE from_page = 'wiki/summaries/beta.md'").pluck().all();
      } finally {
        ro.close();
      }
    };
    expect(links()).toEqual(['wiki/concepts/lagoons.md']);

    const fixed = await lint(root, '--fix');
    expect(fixed.json.fixed).toContain('wiki/summaries/beta.md: [[concepts/lagoons]] → [[concepts/lagoon]]');
    expect(links()).toEqual(['wiki/concepts/lagoon.md']);
    // Removing alpha empties and deletes the keeper; beta's summary must not keep a dangling link.
    expect((await runKb(['--kb', root, 'remove', 'alpha', '--yes'])).code).toBe(0);
    expect(fs.existsSync(path.join(root, 'wiki/concepts/lagoon.md'))).toBe(false);
    expect(read(root, 'wiki/summaries/beta.md')).toContain('Beta links the lagoons page.');
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  }, 120_000); // six kb runs, two of them adds: slow on a loaded machine

  it('stops with exit 6 before anything when the API key is missing, and --offline lints without it', async () => {
    const root = await kbWithDocs();
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'version: 1\nllm:\n  provider: openai\n  api_key_env: KB_LINT_TEST_NO_SUCH_KEY\n');
    const before = listFiles(root, 'wiki');
    const run = await runKb(['--kb', root, 'lint'], { env: { KB_LINT_TEST_NO_SUCH_KEY: undefined } });
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain('KB_LINT_TEST_NO_SUCH_KEY');
    expect(listFiles(root, 'wiki')).toEqual(before);
    const offline = await runKb(['--kb', root, '--offline', 'lint']);
    expect(offline.code, offline.stderr).toBe(0);
  });
});
