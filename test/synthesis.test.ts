// Issue 22: with an LLM, concept and entity pages get an overview the model writes from the
// page's top sections, through the built CLI against the fake OpenAI server on 127.0.0.1.
// The fake server's default analysis gives every document the concepts "Harbour Pilots" and
// "tide tables" and the entity "Port Authority", so every page here has all the documents.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { OVERVIEW_PROMPT_OPENING } from '../src/llm/synthesize-overview.js';
import { TEST_KEY, TEST_KEY_ENV } from './support/compiler-corpus.js';
import { newKb, parseNdjson, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';
import type { RecordedRequest } from './support/fake-openai-server.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';

const tempDir = useTempDirs('kb-synthesis-');
const server = useFakeOpenAiServer();
const env = { [TEST_KEY_ENV]: TEST_KEY, KB_TEST_LLM_BASE_DELAY_MS: '5' };

const PILOTS = 'wiki/concepts/harbour-pilot.md';
const isSynthesis = (r: RecordedRequest): boolean => r.system.startsWith(OVERVIEW_PROMPT_OPENING);
const synthesisCalls = (): RecordedRequest[] => server().requests.filter(isSynthesis);

interface Kb {
  root: string;
  input: string;
  /** Writes (or rewrites) input/<name>.md about `subject`. */
  write: (name: string, subject: string) => void;
  kb: (...args: string[]) => ReturnType<typeof runKb>;
}

function llmKb(settings: { llm?: Record<string, unknown>; compile?: Record<string, unknown> } = {}): Kb {
  const work = tempDir();
  const root = newKb(work);
  const config = {
    llm: { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: TEST_KEY_ENV, max_retries: 0, ...settings.llm },
    ...(settings.compile ? { compile: settings.compile } : {}),
  };
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump(config));
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  return {
    root,
    input,
    write: (name, subject) => fs.writeFileSync(path.join(input, `${name}.md`), `# ${subject}\n\nThe harbour master keeps notes on ${subject.toLowerCase()} every spring.\n`),
    kb: (...args) => runKb(['--kb', root, ...args], { env }),
  };
}

function summaryOf(stdout: string): Record<string, unknown> {
  return parseNdjson(stdout).find((line) => line.type === 'summary') as Record<string, unknown>;
}

function storedOverviews(root: string): Array<{ topic: string; key: string; text: string }> {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true });
  try {
    return db.prepare('SELECT topic, key, text FROM topic_overviews ORDER BY topic, key').all() as Array<{ topic: string; key: string; text: string }>;
  } finally {
    db.close();
  }
}

function page(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

/** The text between a topic page's title and its `## Documents`. */
function overviewOf(text: string): string {
  return /\n# [^\n]*\n\n([\s\S]*?)\n\n## Documents\n/.exec(text)?.[1] ?? '';
}

describe('LLM overviews of concept and entity pages', () => {
  it("lands the model's overview on each shared page, its citations labelled and its ghost links made text; the sections stay below", async () => {
    const kb = llmKb();
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    kb.write('gamma', 'Gamma Lock');
    server().script({
      match: 'The concept "Harbour Pilots"',
      answer: {
        kind: 'ok',
        json: {
          overview:
            '## What they say\n\nHarbour pilots guide ships, as [[summaries/alpha]] and [[summaries/beta|the basin notes]] agree. See [[concepts/ghost-town]] and [[summaries/nowhere|Nowhere Notes]].\n\n- <!-- kb:doc alpha --> a fake marker\n\nA third paragraph.\n\nA fourth, dropped.',
        },
      },
    });
    const run = await kb.kb('--json', 'add', kb.input);
    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run.stdout).synthesis).toEqual({ written: 3, failed: 0, deferred: 0 });
    expect(synthesisCalls()).toHaveLength(3);

    const pilots = page(kb.root, PILOTS);
    expect(pilots).toMatch(/\noverview: llm\nsources:/);
    const overview = overviewOf(pilots);
    expect(overview.split('\n\n')).toHaveLength(3);
    expect(overview).toContain('as [[summaries/alpha|Alpha Quay (whole)]] and [[summaries/beta|Beta Basin (whole)]] agree');
    expect(overview).toContain('See ghost town and Nowhere Notes.');
    expect(overview).not.toMatch(/^#|<!--|fourth/m);
    expect(overview).toContain('&lt;!-- kb:doc alpha --&gt; a fake marker');
    // The sections are below, one per document, as add wrote them.
    for (const doc of ['alpha', 'beta', 'gamma']) expect(pilots).toMatch(new RegExp(`<!-- kb:doc ${doc} -->\\n### \\[\\[summaries/${doc}\\|`));
    // The default answer cites every document; the entity page has it too.
    expect(overviewOf(page(kb.root, 'wiki/entities/port-authority.md'))).toMatch(/^According to \[\[summaries\/alpha\|Alpha Quay \(whole\)\]\] and \[\[summaries\/beta\|/);
    expect(storedOverviews(kb.root).map((o) => `${o.topic}/${o.key}`)).toEqual(['concept/harbour pilot', 'concept/tide table', 'entity/port authority']);

    const doctor = await kb.kb('doctor');
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    const lint = await kb.kb('--json', 'lint');
    expect(lint.stdout).not.toContain('stale-overview');
    // A second add of the same files changes nothing and asks for nothing.
    const before = server().requests.length;
    const again = await kb.kb('--json', 'add', kb.input);
    expect(summaryOf(again.stdout)).toMatchObject({ added: 0, skipped: 3 });
    expect(server().requests.length).toBe(before);
  }, 60_000);

  it('makes no call when a document below the top sections is re-added, and one when a top document changes', async () => {
    // Two sections a page: the documents score alike, so alpha and beta have them, gamma is linked only.
    const kb = llmKb({ compile: { max_sections_per_concept: 2 } });
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    kb.write('gamma', 'Gamma Lock');
    const first = await kb.kb('--json', 'add', kb.input);
    expect(summaryOf(first.stdout).synthesis).toEqual({ written: 3, failed: 0, deferred: 0 });
    expect(page(kb.root, PILOTS)).not.toContain('<!-- kb:doc gamma -->');

    server().requests.splice(0);
    kb.write('gamma', 'Gamma Lock Gates');
    const below = await kb.kb('--json', 'add', kb.input);
    expect(summaryOf(below.stdout)).toMatchObject({ added: 1, synthesis: { written: 0, failed: 0, deferred: 0 } });
    expect(server().requests.length).toBe(1);
    expect(synthesisCalls()).toHaveLength(0);

    kb.write('alpha', 'Alpha Quay Walls');
    const top = await kb.kb('--json', 'add', kb.input);
    expect(summaryOf(top.stdout)).toMatchObject({ added: 1, synthesis: { written: 3, failed: 0, deferred: 0 } });
    expect(synthesisCalls()).toHaveLength(3);
    expect(overviewOf(page(kb.root, PILOTS))).toContain('[[summaries/alpha|Alpha Quay Walls (whole)]]');
  }, 60_000);

  it('keeps the previous overview when a call fails or answers nothing usable; lint reports it stale until recompile --synthesis', async () => {
    const kb = llmKb();
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    expect((await kb.kb('add', kb.input)).code).toBe(0);
    const written = overviewOf(page(kb.root, PILOTS));
    expect(written).toMatch(/^According to \[\[summaries\/alpha\|/);

    // delta joins the top sections of every page: each overview is due; two calls fail, one answers blank.
    kb.write('delta', 'Delta Dock');
    server().failRequest = (request) => (isSynthesis(request) && !request.user.includes('"tide tables"') ? 500 : undefined);
    server().script({ match: 'The concept "tide tables"', answer: { kind: 'ok', json: { overview: '## \n\n   ' } } });
    const failed = await kb.kb('add', kb.input);
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stderr).toMatch(/^1 added, 2 skipped, 0 failed in \d+\.\d s; 3 overviews failed: the previous one is kept \(see \.kb\/logs\/kb\.log\)$/m);
    const pilots = page(kb.root, PILOTS);
    expect(overviewOf(pilots)).toBe(written);
    expect(pilots).toContain('overview: llm');
    expect(pilots).toContain('<!-- kb:doc delta -->');
    const lint = await kb.kb('--json', 'lint');
    const stale = (JSON.parse(lint.stdout) as { issues: { kind: string; page: string }[] }).issues.filter((i) => i.kind === 'stale-overview').map((i) => i.page);
    expect(stale).toEqual(['wiki/concepts/harbour-pilot.md', 'wiki/concepts/tide-table.md', 'wiki/entities/port-authority.md']);

    server().failRequest = undefined;
    const recompiled = await kb.kb('recompile', '--synthesis');
    expect(recompiled.code, recompiled.stderr).toBe(0);
    expect(recompiled.stdout.trim()).toBe('3 overviews written by the LLM');
    expect(overviewOf(page(kb.root, PILOTS))).toContain('[[summaries/delta|Delta Dock (whole)]]');
    expect((await kb.kb('--json', 'lint')).stdout).not.toContain('stale-overview');
    expect((await kb.kb('recompile', '--synthesis')).stdout.trim()).toBe('every overview is up to date');
  }, 60_000);

  it('defers the calls past llm.max_synthesis_calls to kb recompile --synthesis, and says so', async () => {
    const kb = llmKb({ llm: { max_synthesis_calls: 1 } });
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    const run = await kb.kb('add', kb.input);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/; 1 overview written by the LLM; 2 overviews deferred \(llm\.max_synthesis_calls\): kb recompile --synthesis writes them$/m);
    expect(storedOverviews(kb.root)).toHaveLength(1);
    const lint = await kb.kb('--json', 'lint');
    const stale = (JSON.parse(lint.stdout) as { issues: { kind: string; detail: string }[] }).issues.filter((i) => i.kind === 'stale-overview');
    expect(stale.map((i) => i.detail)).toEqual(['no LLM overview yet: it was deferred or its call failed', 'no LLM overview yet: it was deferred or its call failed']);
    const dry = await kb.kb('recompile', '--synthesis', '--dry-run');
    expect(dry.stdout.trim()).toBe('2 overviews due; dry run: nothing written');
    const json = await kb.kb('--json', 'recompile', '--synthesis');
    expect(JSON.parse(json.stdout)).toEqual({ synthesis: { written: 2, failed: 0, deferred: 0 }, applied: true });
    expect(storedOverviews(kb.root)).toHaveLength(3);
  }, 60_000);

  it('refuses recompile --synthesis without an LLM, and with a document', async () => {
    const kb = llmKb();
    const offline = await kb.kb('--offline', 'recompile', '--synthesis');
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(/kb recompile --synthesis needs the LLM engine \(llm\.provider: openai in \.kb\/config\.yaml, and no --offline\)/);
    const withDoc = await kb.kb('recompile', 'alpha', '--synthesis');
    expect(withDoc.code).toBe(2);
    expect(withDoc.stderr).toMatch(/takes no document and no --all/);
  });

  it('a SIGKILL during a synthesis commit leaves the page as it was; the next command restores it, and the next run writes it', async () => {
    const kb = llmKb({ llm: { max_synthesis_calls: 0 } });
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    const added = await kb.kb('--json', 'add', kb.input);
    expect(summaryOf(added.stdout).synthesis).toEqual({ written: 0, failed: 0, deferred: 3 });
    const before = wikiSnapshot(kb.root);

    const killed = await runKb(['--kb', kb.root, 'recompile', '--synthesis'], { env: { ...env, KB_TEST_CRASH_AT: 'targets-synced' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.readdirSync(path.join(kb.root, '.kb', 'journal')).length).toBeGreaterThan(0);
    const status = await kb.kb('status');
    expect(status.code, status.stderr).toBe(0);
    expect(wikiSnapshot(kb.root)).toEqual(before);
    expect(storedOverviews(kb.root)).toEqual([]);

    const rerun = await kb.kb('--json', 'recompile', '--synthesis');
    expect(JSON.parse(rerun.stdout).synthesis).toEqual({ written: 3, failed: 0, deferred: 0 });
    expect(page(kb.root, PILOTS)).toContain('overview: llm');
    const doctor = await kb.kb('doctor');
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  }, 60_000);

  it('kb recompile --all keeps the overviews; a removed cited document takes its page back to the offline overview until the next synthesis', async () => {
    const kb = llmKb();
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    kb.write('gamma', 'Gamma Lock');
    expect((await kb.kb('add', kb.input)).code).toBe(0);
    const before = wikiSnapshot(kb.root);
    const recompiled = await kb.kb('recompile', '--all', '--yes');
    expect(recompiled.code, recompiled.stderr).toBe(0);
    const after = wikiSnapshot(kb.root);
    for (const rel of Object.keys(before).filter((r) => r.startsWith('wiki/concepts/') || r.startsWith('wiki/entities/'))) expect(after[rel], rel).toBe(before[rel]);

    // alpha is cited; once it is gone the page no longer shows what the model said of it.
    expect((await kb.kb('remove', 'alpha', '--yes')).code).toBe(0);
    const pilots = page(kb.root, PILOTS);
    expect(pilots).not.toContain('overview: llm');
    expect(pilots).not.toContain('summaries/alpha');
    const lint = await kb.kb('--json', 'lint');
    expect((JSON.parse(lint.stdout) as { issues: { kind: string }[] }).issues.filter((i) => i.kind === 'stale-overview')).toHaveLength(3);
    const rerun = await kb.kb('--json', 'recompile', '--synthesis');
    expect(JSON.parse(rerun.stdout).synthesis).toEqual({ written: 3, failed: 0, deferred: 0 });
    expect(overviewOf(page(kb.root, PILOTS))).toMatch(/^According to \[\[summaries\/beta\|Beta Basin \(whole\)\]\] and \[\[summaries\/gamma\|/);
  }, 60_000);

  it("keeps the user's words: notes after kb's text are carried below the new overview, an edited page is copied to wiki/conflicts/ first", async () => {
    const kb = llmKb({ llm: { max_synthesis_calls: 0 } });
    kb.write('alpha', 'Alpha Quay');
    kb.write('beta', 'Beta Basin');
    expect((await kb.kb('add', kb.input)).code).toBe(0);
    fs.appendFileSync(path.join(kb.root, PILOTS), '\nMy own note on pilots.\n');
    const tides = path.join(kb.root, 'wiki/concepts/tide-table.md');
    const edited = fs.readFileSync(tides, 'utf8').replace('\n# tide tables\n\n', '\n# tide tables\n\nWhat I know of tides, in my words.\n\n');
    expect(edited).toContain('in my words');
    fs.writeFileSync(tides, edited);

    const run = await kb.kb('recompile', '--synthesis');
    expect(run.code, run.stderr).toBe(0);
    const pilots = page(kb.root, PILOTS);
    expect(pilots).toContain('overview: llm');
    expect(pilots.trimEnd().endsWith('My own note on pilots.')).toBe(true);
    expect(fs.readFileSync(tides, 'utf8')).toContain('overview: llm');
    const conflicts = fs.readdirSync(path.join(kb.root, 'wiki/conflicts'), { recursive: true }).map(String).filter((f) => f.endsWith('.md'));
    expect(conflicts).toHaveLength(1);
    expect(fs.readFileSync(path.join(kb.root, 'wiki/conflicts', conflicts[0]!), 'utf8')).toBe(edited);
    expect(run.stderr).toContain('wiki/conflicts/');
  }, 60_000);
});
