import { registeredTopicPage } from '../compile/compile-add.js';
import { LlmCallError } from '../llm/call-json.js';
import { pageTextFor } from '../compile/page-text.js';
import { splitFrontmatter } from '../model/render-page.js';
import type { KbContext } from '../store/kb-context.js';
import { readLivePage, readLivePageState } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { ExitCode, KbError } from '../core/errors.js';
import { extractWikiLinks } from '../core/wikilinks.js';
import { runAgentTool } from '../search/agent-tools.js';
import { findPassages } from '../search/find-passages.js';
import { answerSentences, assembleOfflineAnswer, type Citation, type Passage } from '../search/offline-answer.js';
import { askedSubject } from '../search/defining-sentence.js';
import { authorAsked, isSummaryNamed, isWhoQuestion } from '../search/answer-leads.js';
import { commandEntryRows, documentOfPage, entityPageRows, rankRows } from '../search/rank-passages.js';
import type { SearchCandidate, SearchHit } from '../model/registry.js';
import { runQueryAgent, type EarlierTurn } from '../search/query-agent.js';
import { carriedTerms, questionTerms } from '../search/question-terms.js';
import { frontmatterText, titleOf } from '../search/search-rows.js';
import { openLlmEngine, type LlmChoice } from './open-llm-engine.js';
import { saveExploration } from './save-exploration.js';
import { ensureSearchIndex } from './search.js';

/** Passages an offline answer reads: enough to find sentences, few enough to stay on topic. */
const PASSAGES = 8;

export interface QueryResult {
  question: string;
  /** Markdown with [[citations]]; empty when nothing matched. */
  answer: string;
  citations: Citation[];
  engine: 'offline' | 'llm';
  /** KB-relative path of the saved exploration (--save). */
  saved?: string;
}

export interface QueryOptions {
  save: boolean;
  /** Set when the LLM engine answers (llm.provider openai and no --offline). */
  llm?: LlmChoice;
  /** Streaming (a terminal): each complete line of the LLM's answer, its links resolved, as it arrives. */
  onLine?: (line: string) => void;
  /** `kb chat`: the session's earlier turns, oldest first. The LLM sees them; both engines carry their questions' key terms over to a follow-up that has too few of its own. */
  history?: readonly EarlierTurn[];
}

/**
 * `kb query`: an answer with citations of pages that exist, from the offline engine (the
 * best passages of the search index, offline-answer.ts) or, with an LLM configured, from a
 * tool-using agent (query-agent.ts). Reads under the shared lock; `--save` then writes the
 * exploration as one changeset under the exclusive lock (save-exploration.ts).
 */
export async function queryKnowledgeBase(ctx: KbContext, question: string, options: QueryOptions): Promise<QueryResult> {
  // A chat's follow-up ("and the other mode?") is about what the questions before it were about.
  const carried = carriedTerms(question, (options.history ?? []).map((t) => t.question));
  const result = options.llm ? await answerWithLlm(ctx, question, options.llm, options.onLine, options.history, carried) : await answerOffline(ctx, question, carried, carried.length > 0 ? (options.history ?? []).flatMap((t) => answerSentences(t.answer)) : []);
  if (!options.save) return result;
  // Ctrl-C during the answer: nothing is saved.
  if (ctx.signal?.aborted) throw interrupted();
  return { ...result, saved: await saveExploration(ctx, { question, answer: result.answer, citations: result.citations, engine: result.engine }) };
}

async function answerOffline(ctx: KbContext, question: string, carried: readonly string[], alreadySaid: readonly string[]): Promise<QueryResult> {
  const asked = [question, ...carried].join(' ');
  const answer = await withKbLock(ctx, 'shared', () => {
    ensureSearchIndex(ctx);
    // "and in the rain?" after a question on the camera: if no page has "rain", the earlier
    // terms alone would only find the earlier answer again; the answer says nothing matches.
    const own = questionTerms(question);
    if (carried.length > 0 && own.length > 0 && findPassages(ctx.store, own.join(' '), 1).length === 0) return { text: '', citations: [] };
    // "What does partitioning mean?": the pages to read are the ones on partitioning, not on "mean".
    const subject = askedSubject(question);
    const searched = subject === undefined ? asked : [subject.text, subject.more, ...carried].join(' ');
    const found = withTitledPages(ctx, question, findPassages(ctx.store, searched, PASSAGES));
    const persons = isWhoQuestion(question) ? personPages(ctx, searched, found) : [];
    const authors = isWhoQuestion(question) ? authorsReader(ctx) : () => ({});
    const passages: Passage[] = [...found, ...persons.map((p) => p.hit)].map((hit) => ({
      page: hit.page,
      title: hit.title,
      section: hit.section,
      ...headingOf(ctx, hit.page, hit.section),
      ...(hit.pageStart !== null ? { pages: [hit.pageStart, hit.pageEnd ?? hit.pageStart] as [number, number] } : {}),
      text: ctx.store.sections.passageText(hit.page, hit.section),
      ...summaryDescription(ctx, hit.page, hit.section),
      ...authors(hit.page),
    }));
    const people = [...new Set([...peopleOf(ctx, passages), ...persons.map((p) => p.name)])];
    return assembleOfflineAnswer(asked, passages, alreadySaid, ctx.store.sections.wordRarity(), people);
  });
  return { question, answer: answer.text, citations: answer.citations, engine: 'offline' };
}

/** Person pages a "Who …?" answer reads besides the passages found (personPages). */
const PERSON_PAGES = 2;

/**
 * For "Who …?", the best-matching pages of persons the knowledge base knows, not among `found`.
 * A person's page gathers the sentences that credit them ("Git is a … system created by Linus
 * Torvalds"), which in their document sit in a long section the search ranks below a hundred
 * others on the same common words ("Who created Git?" in a KB of Git's manual).
 */
function personPages(ctx: KbContext, searched: string, found: readonly SearchHit[]): Array<{ hit: SearchHit; name: string }> {
  const have = new Set(found.map((hit) => hit.page));
  const out: Array<{ hit: SearchHit; name: string }> = [];
  for (const row of entityPageRows(ctx.store, searched)) {
    const slug = /^wiki\/entities\/(.+)\.md$/.exec(row.page)?.[1];
    const person = slug === undefined || have.has(row.page) ? undefined : ctx.store.topics.bySlug('entity', slug);
    if (person?.type !== 'person') continue;
    const { page, section, pageStart, pageEnd, title, score } = row;
    out.push({ hit: { page, section, pageStart, pageEnd, title, score, snippet: '' }, name: person.name });
    if (out.length >= PERSON_PAGES) break;
  }
  return out;
}

/** Pages on X a "Who wrote X?" answer reads too: with "wrote" the search ranks X's own pages below a page that has both words. */
const TITLED_PAGES = 2;

/** Rows ranked to find the summary of the document named X, for "What is X?". */
const NAMED_SUMMARY_ROWS = 50;
/** Rows with an entry for X in a list of commands, read for "What is X?" when no document is named X. */
const COMMAND_ENTRY_ROWS = 3;

function hitOf(row: SearchCandidate): SearchHit {
  return { page: row.page, section: row.section, pageStart: row.pageStart, pageEnd: row.pageEnd, title: row.title, score: row.score, snippet: '' };
}

/**
 * `found`, and for "What is X?" the summary of the document named X when the search ranked it
 * below `found` ("What is picomatch?": eight sections of its README's code come first, and the
 * summary's description, answer-leads.ts titledLead, was never read), or when no document is
 * named X the rows with an entry for it in a list of commands (commandEntryRows); for "Who
 * wrote X?" the best pages of a search for X alone (answer-leads.ts authorLead reads their
 * documents' authors).
 */
function withTitledPages(ctx: KbContext, question: string, found: SearchHit[]): SearchHit[] {
  const defined = askedSubject(question);
  if (defined !== undefined && !found.some((hit) => isSummaryNamed(hit, defined.text))) {
    const row = rankRows(ctx.store, defined.text, NAMED_SUMMARY_ROWS).rows.find((r) => isSummaryNamed(r, defined.text));
    if (row) return [...found, hitOf(row)];
    // No document is named X: a list of commands may say what X does, in its entry for X.
    return withNew(found, commandEntryRows(ctx.store, defined.text, COMMAND_ENTRY_ROWS).map(hitOf));
  }
  const subject = authorAsked(question);
  if (subject === undefined) return found;
  return withNew(found, findPassages(ctx.store, subject, TITLED_PAGES));
}

/** `found`, then the hits of `more` that are not among them (the same page and section). */
function withNew(found: readonly SearchHit[], more: readonly SearchHit[]): SearchHit[] {
  const place = (hit: SearchHit): string => `${hit.page}#${hit.section ?? ''}`;
  const have = new Set(found.map(place));
  return [...found, ...more.filter((hit) => !have.has(place(hit)))];
}

/**
 * The author a document's source page names (`author:`, from a PDF's Info dictionary or an
 * EPUB's creators; or the user's own value, which kb keeps), read once per document: for "Who
 * wrote X?" (answer-leads.ts authorLead).
 */
function authorsReader(ctx: KbContext): (page: string) => { author?: string } {
  const known = new Map<string, string | undefined>();
  return (page) => {
    const doc = documentOfPage(page);
    if (doc === undefined) return {};
    if (!known.has(doc)) {
      // The page as it stands, keys the user added included (readLivePage gives kb's text only).
      const live = readLivePageState(ctx.paths.root, ctx.store, `wiki/sources/${doc}.md`);
      known.set(doc, live.state === 'absent' ? undefined : frontmatterText(splitFrontmatter(live.bytes.toString('utf8')).frontmatter, 'author'));
    }
    const author = known.get(doc);
    return author !== undefined ? { author } : {};
  };
}

/** The persons the passages' documents name (their person entities), as those documents write them: for "Who …?" (answer-leads.ts personLead). */
function peopleOf(ctx: KbContext, passages: readonly Passage[]): string[] {
  const names = new Set<string>();
  const docs = new Set(passages.map((p) => documentOfPage(p.page)).filter((doc) => doc !== undefined));
  for (const doc of docs) {
    for (const naming of ctx.store.topics.namesOfDocument('entity', doc)) {
      const row = ctx.store.topics.get('entity', naming.key);
      if (row?.type !== 'person') continue;
      names.add(naming.name);
      names.add(row.name);
    }
  }
  return [...names];
}

/** A summary page's description from the registry, with its code marks (answer-leads.ts definitionLead). */
function summaryDescription(ctx: KbContext, page: string, section: number | null): { description?: string } {
  const doc = page.startsWith('wiki/summaries/') && section === null ? documentOfPage(page) : undefined;
  const description = doc === undefined ? undefined : ctx.store.documents.get(doc)?.description;
  return description ? { description } : {};
}

/** A source section's heading, which the answer's link points at (`[[sources/doc#Heading]]`). */
function headingOf(ctx: KbContext, page: string, section: number | null): { heading?: string } {
  const doc = /^wiki\/sources\/(.+)\.md$/.exec(page)?.[1];
  if (doc === undefined || section === null) return {};
  const title = ctx.store.sections.ofDocument(doc).find((s) => s.idx === section)?.title;
  return title ? { heading: title } : {};
}

/**
 * The agent's answer. Each tool call reads under the shared lock on its own, so a long
 * conversation never holds writers off between calls. The model's links are resolved
 * against the pages that exist (by normalised name too) or demoted to plain text — line by
 * line as the answer streams, and once more for the result, so what is shown is what is saved.
 */
async function answerWithLlm(ctx: KbContext, question: string, choice: LlmChoice, onLine?: (line: string) => void, history: readonly EarlierTurn[] = [], carried: readonly string[] = []): Promise<QueryResult> {
  const engine = openLlmEngine(ctx, choice);
  await withKbLock(ctx, 'shared', () => ensureSearchIndex(ctx));
  const readPage = (rel: string): string | undefined => readLivePage(ctx, rel);
  const resolve = pageTextFor({ engine: 'llm' }, { readPage, created: [], topicPage: (key) => registeredTopicPage(ctx.store, key) });
  let pending = '';
  const onText = onLine
    ? (delta: string): void => {
        pending += delta;
        for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
          onLine(resolve(pending.slice(0, end)));
          pending = pending.slice(end + 1);
        }
      }
    : undefined;
  let text: string;
  try {
    const started = ctx.clock.now().getTime();
    let turns: number;
    let toolCalls: number;
    ({ text, turns, toolCalls } = await runQueryAgent(engine, {
      question,
      maxTurns: ctx.config.query.max_turns,
      history,
      carriedTerms: carried,
      runTool: (name, args, maxChars) => withKbLock(ctx, 'shared', () => runAgentTool({ store: ctx.store, readPage }, name, args, maxChars)),
      ...(onText ? { onText } : {}),
    }));
    ctx.logger.info({ event: 'query.answered', engine: 'llm', turns, toolCalls, ms: ctx.clock.now().getTime() - started }, `answered in ${turns} turn(s) with ${toolCalls} tool call(s)`);
  } catch (error) {
    if (ctx.signal?.aborted) throw interrupted();
    if (error instanceof LlmCallError) throw new KbError('LLM_FAILED', ExitCode.llmFailed, `the LLM failed to answer: ${error.message}`, { cause: error });
    throw error;
  }
  if (onLine && pending !== '') onLine(resolve(pending));
  return withKbLock(ctx, 'shared', () => {
    const answer = resolve(text.trim());
    const citations: Citation[] = [...new Set(extractWikiLinks(answer).map((l) => l.target))].map((target) => {
      const page = `wiki/${target}.md`;
      return { target, page, title: titleOf(splitFrontmatter(readPage(page) ?? '').frontmatter) ?? target };
    });
    return { question, answer, citations, engine: 'llm' as const };
  });
}

function interrupted(): KbError {
  return new KbError('INTERRUPTED', ExitCode.interrupted, 'interrupted: no answer, nothing saved');
}

/** The answer for a terminal or a pipe; `streamed`: the answer's lines were printed already. */
export function renderQuery(result: QueryResult, streamed = false): string {
  const lines = streamed ? [] : [result.answer || (result.engine === 'llm' ? 'The model gave no answer.' : `Nothing in the knowledge base matches "${result.question}".`)];
  if (result.citations.length > 0) lines.push(...(streamed ? [] : ['']), 'Sources:', ...result.citations.map((c) => `  ${c.page}${c.pages ? ` (p. ${c.pages[0] === c.pages[1] ? c.pages[0] : `${c.pages[0]}–${c.pages[1]}`})` : ''}  ${c.title}`));
  if (result.saved) lines.push('', `saved to ${result.saved}`);
  return lines.join('\n');
}
