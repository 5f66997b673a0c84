import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { writeFile } from './add-corpus.js';

/**
 * A small corpus for the compiler contract suite: Markdown, text and HTML documents, and one
 * long Markdown document (many sections) over the long-document threshold the suite sets.
 */
export const LONG_DOC_CHARS = 5000;

const TOPICS = ['harbour pilots', 'tide tables', 'lighthouse keepers', 'cargo manifests', 'storm warnings', 'dry docks', 'sea charts', 'mooring lines'];

function paragraph(seed: number): string {
  const a = TOPICS[seed % TOPICS.length]!;
  const b = TOPICS[(seed * 3 + 1) % TOPICS.length]!;
  return `The ${a} of section ${seed} depend on ${b}. Every ${a.split(' ')[1]} is checked before the ${b} are updated, and the harbour master records each change in the ledger number ${seed}.`;
}

export function longMarkdown(sections: number): string {
  const parts = ['# The Harbour Handbook', '', paragraph(0), ''];
  for (let s = 1; s <= sections; s++) {
    parts.push(`## Chapter ${s}: ${TOPICS[s % TOPICS.length]}`, '');
    for (let p = 0; p < 4; p++) parts.push(paragraph(s * 10 + p), '');
  }
  return parts.join('\n');
}

/** Writes the corpus under `dir`; returns the file names in scan order. */
export function writeCompilerCorpus(dir: string): string[] {
  writeFile(dir, 'alpha.md', `# Alpha Notes\n\n${paragraph(1)}\n\n## Details\n\n${paragraph(2)} ${paragraph(3)}\n`);
  writeFile(dir, 'beta.txt', `Beta Memo\n=========\n\n${paragraph(4)}\n\n${paragraph(5)}\n`);
  writeFile(dir, 'gamma.html', `<!DOCTYPE html><html><head><title>Gamma Page</title></head><body><h1>Gamma Page</h1><p>${paragraph(6)}</p><h2>More</h2><p>${paragraph(7)}</p></body></html>\n`);
  const long = longMarkdown(30);
  if (long.length <= LONG_DOC_CHARS * 3) throw new Error('the long document must be well over the threshold');
  writeFile(dir, 'handbook.md', long);
  return ['alpha.md', 'beta.txt', 'gamma.html', 'handbook.md'];
}

export interface LlmTestSettings {
  baseUrl: string;
  contextTokens?: number;
  maxRetries?: number;
  timeoutS?: number;
}

export const TEST_KEY_ENV = 'KB_TEST_LLM_KEY';
export const TEST_KEY = 'sk-test-SECRET-4242';

/** Writes `.kb/config.yaml`: the long-document threshold lowered, and the LLM when given. */
export function writeTestConfig(root: string, llm?: LlmTestSettings): void {
  const config: Record<string, unknown> = { long_documents: { chars: LONG_DOC_CHARS } };
  if (llm) {
    config.llm = {
      provider: 'openai',
      model: 'fake-model',
      base_url: llm.baseUrl,
      api_key_env: TEST_KEY_ENV,
      concurrency: 2,
      timeout_s: llm.timeoutS ?? 10,
      max_retries: llm.maxRetries ?? 2,
      context_tokens: llm.contextTokens ?? 2000,
    };
  }
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump(config));
}
