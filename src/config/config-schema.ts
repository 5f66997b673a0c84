import { z } from 'zod';

/**
 * A section whose keys are all commented out parses as null in YAML (`lock:` alone);
 * that means "all defaults", not an error.
 */
function section<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}

const lockSection = z
  .object({
    /** How long a command waits for the KB lock before exiting 4. `--wait` overrides. */
    wait_s: z.number().min(0).default(600),
  })
  .strict();

const logsSection = z
  .object({
    /** Level written to .kb/logs/kb.log. `--debug` lowers it to debug. */
    level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  })
  .strict();

const limitsSection = z
  .object({
    /** A file larger than this fails instead of being added. */
    max_file_mb: z.number().positive().default(200),
    /** Preparing one file (conversion, analysis) longer than this fails it; its worker is replaced. */
    prepare_timeout_s: z.number().positive().default(300),
  })
  .strict();

const longDocumentsSection = z
  .object({
    /** A PDF with at least this many pages is a long document (section tree stored, summarised per section). */
    pages: z.number().int().positive().default(20),
    /** Text longer than this many characters is a long document too. */
    chars: z.number().int().positive().default(200_000),
  })
  .strict();

const compileSection = z
  .object({
    /**
     * A document's most salient concepts (ranked by their weight in the document alone) that get
     * a page even when no other document shares them; its other ranked terms get one only when
     * shared (compile/concept-pages.ts conceptHasPage, and docs/engine.md says why 1).
     */
    concepts_per_document: z.number().int().min(0).max(60).default(1),
    /** Document sections a concept or entity page keeps (the most relevant); the rest are listed as links. */
    max_sections_per_concept: z.number().int().min(1).max(100).default(8),
  })
  .strict();

const llmSection = z
  .object({
    /** none = the offline engine (no network); openai = any OpenAI-compatible endpoint. */
    provider: z.enum(['none', 'openai']).default('none'),
    model: z.string().min(1).default('gpt-4o-mini'),
    /** Empty = OpenAI itself; Ollama, vLLM, llama.cpp server … give theirs. */
    base_url: z.string().url().nullable().default(null),
    /** The NAME of the environment variable holding the key; the key never sits in this file. */
    api_key_env: z.string().min(1).default('OPENAI_API_KEY'),
    /** LLM calls in flight at once, across the whole batch. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** One call (connect to last byte) taking longer than this is a timeout (see server-health.ts). */
    timeout_s: z.number().positive().default(60),
    /** Retries after the first try for 429, 5xx, timeouts and malformed answers: with 5, a server failing one call in three loses one call in 729. */
    max_retries: z.number().int().min(0).max(20).default(5),
    /** auto: a strict json_schema, else json_object where the endpoint refuses it. */
    structured_output: z.enum(['auto', 'json_schema', 'json_object']).default('auto'),
    /** A server that cannot be reached or never answers: fail the remaining files, or compile them offline. */
    on_unreachable: z.enum(['fail', 'offline']).default('fail'),
    /** Budget of one prompt in tokens (estimated as characters / 4); long documents are split to fit. */
    context_tokens: z.number().int().min(2000).default(8000),
    /**
     * Overviews (of concept and entity pages) one `kb add` batch may ask the model for; the
     * rest wait for the next batch or `kb recompile --synthesis`. 0 turns synthesis off.
     */
    max_synthesis_calls: z.number().int().min(0).default(100),
  })
  .strict();

const querySection = z
  .object({
    /** Model turns `kb query` may take with an LLM; the last one offers no tools, so it answers. */
    max_turns: z.number().int().min(1).max(30).default(6),
  })
  .strict();

const lintSection = z
  .object({
    /** A page over this many KiB is reported as oversized (source pages, a document's full text, are not checked). */
    max_page_kb: z.number().positive().default(100),
    /** LLM calls one `kb lint` may make for contradictions and gaps (0 turns the LLM checks off). */
    llm_max_calls: z.number().int().min(0).max(200).default(8),
  })
  .strict();

const addSection = z
  .object({
    /**
     * Extensions `kb add` reads as plain text besides the formats it knows (".py", "sql"):
     * source code and other text types are skipped unless listed here.
     */
    extra_text_types: z.array(z.string().regex(/^\.?[A-Za-z0-9][A-Za-z0-9_+-]*$/, 'an extension such as ".py"')).default([]),
  })
  .strict();

const ocrSection = z
  .object({
    /** Scanned PDF pages and images are read with tesseract when it (and pdftoppm, for PDFs) is on PATH. */
    enabled: z.boolean().default(true),
    /** Tesseract language codes joined by "+" (eng+deu); each needs its language data installed. */
    languages: z.string().regex(/^[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*$/, 'tesseract language codes joined by "+", e.g. "eng+deu"').default('eng'),
  })
  .strict();

const mcpSection = z
  .object({
    /** The longest text one `kb mcp` tool result holds; a longer page or answer is cut and says so. */
    max_result_chars: z.number().int().min(1000).max(1_000_000).default(20_000),
    /** Lets an agent add documents through `kb mcp`'s add tool; off, kb mcp only reads. */
    allow_writes: z.boolean().default(false),
  })
  .strict();

const watchSection = z
  .object({
    /** Folder `kb watch` watches when given none: relative to the KB root (or absolute); created on first use. */
    inbox: z.string().min(1).default('inbox'),
    /** Quiet time after a change event before the folder is looked at; changes within it make one add batch. */
    debounce_ms: z.number().int().min(0).max(600_000).default(500),
    /** A file is added once its size and modification time have not changed for this long. */
    stable_ms: z.number().int().min(0).max(3_600_000).default(1000),
    /** The folder is rescanned at least this often, events or not: events can be lost. */
    poll_ms: z.number().int().min(100).max(3_600_000).default(2000),
  })
  .strict();

/**
 * Every key of `.kb/config.yaml`. Strict at every level: a misspelt key is an error that
 * names its dot path, never silently ignored. Keep config.yaml.example in step with this.
 */
export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Files prepared in parallel by `kb add` (`--jobs` overrides). */
    jobs: z.number().int().min(1).max(64).default(2),
    /** Language the wiki is written in (a BCP 47 tag or a name); the LLM writes pages in it. */
    language: z.string().min(1).default('en'),
    add: section(addSection),
    ocr: section(ocrSection),
    limits: section(limitsSection),
    long_documents: section(longDocumentsSection),
    lock: section(lockSection),
    logs: section(logsSection),
    compile: section(compileSection),
    llm: section(llmSection),
    query: section(querySection),
    lint: section(lintSection),
    watch: section(watchSection),
    mcp: section(mcpSection),
  })
  .strict();

export type KbConfig = z.infer<typeof configSchema>;

export function defaultConfig(): KbConfig {
  return configSchema.parse({});
}
