// Every relative link in README.md and docs/*.md resolves (issue 23): the README was split into
// pages under docs/ that link each other and back, so a renamed heading or a moved file would
// otherwise leave links that lead nowhere on GitHub. A link `[text](path)` must name a file or
// folder that exists; `[text](path#anchor)` and `[text](#anchor)` must also name a heading of
// that Markdown file by GitHub's slug rules (lowercase, spaces to hyphens, punctuation but
// hyphens and underscores dropped, repeated headings -1, -2…). Links with a scheme (http, mailto)
// are not checked, nor anything in fenced code or inline code. The checker is tried on a planted
// page first, so a checker that sees nothing cannot pass.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './support/temp-dirs.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const tempDir = useTempDirs('kb-docs-links-');

/** The text outside fenced code, as paragraphs (code spans cannot cross a blank line). */
function proseParagraphs(markdown: string): string[] {
  const paragraphs: string[][] = [[]];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      paragraphs.push([]);
    } else if (line.trim() === '') paragraphs.push([]);
    else paragraphs.at(-1)!.push(line);
  }
  return paragraphs.filter((p) => p.length > 0).map((p) => p.join('\n'));
}

/** A paragraph with its code spans blanked out (`` `a` ``, ``` ``a`b`` ```). */
function withoutCodeSpans(paragraph: string): string {
  return paragraph.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, 'code');
}

/** GitHub's anchor for a heading's text. */
function slugOf(heading: string): string {
  const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings, repeated ones numbered as GitHub numbers them. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const paragraph of proseParagraphs(markdown)) {
    for (const line of paragraph.split('\n')) {
      const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
      if (heading === undefined) continue;
      const slug = slugOf(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
  }
  return anchors;
}

/** The targets of a file's inline links and images, outside code. */
function linkTargets(markdown: string): string[] {
  return proseParagraphs(markdown).flatMap((p) =>
    [...withoutCodeSpans(p).matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
  );
}

/** Each relative link of `file` that does not resolve, with the reason. */
function brokenLinks(file: string): string[] {
  const markdown = fs.readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart = '', anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart));
    if (!fs.existsSync(resolved)) {
      broken.push(`${target}: no file ${path.relative(ROOT, resolved)}`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!resolved.endsWith('.md') || fs.statSync(resolved).isDirectory()) broken.push(`${target}: an anchor into a file that is not Markdown`);
    else if (!anchorsOf(fs.readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) broken.push(`${target}: no heading with that anchor`);
  }
  return broken;
}

const DOCS = path.join(ROOT, 'docs');
const FILES = [path.join(ROOT, 'README.md'), ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(DOCS, f))];

describe('the link checker', () => {
  it('slugs headings as GitHub does', () => {
    expect(slugOf('Output and `--json`')).toBe('output-and---json');
    expect(slugOf('Scanned pages and images (OCR)')).toBe('scanned-pages-and-images-ocr');
    expect(slugOf('npm run bench:llm')).toBe('npm-run-benchllm');
    expect(slugOf('How kb builds pages — an [overview](x.md)')).toBe('how-kb-builds-pages--an-overview');
    expect(slugOf('max_sections_per_concept')).toBe('max_sections_per_concept');
  });

  it('reports a missing file and a missing anchor, and skips code and external links', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'other.md'), '# Other\n\n## Part\n\n## Part\n\n```\n## Not a heading\n```\n');
    const page = path.join(dir, 'page.md');
    fs.writeFileSync(page, [
      '# Page', '', '## Part', '',
      'Good: [here](#part), [there](other.md#part-1), [a\nfolder](.), [web](https://example.com/x.md), [mail](mailto:a@b.c).',
      'Code is not checked: `[a](gone.md)` and ``[b](`gone.md`)``.', '',
      '```md', '[c](gone.md)', '```', '',
      'Broken: [d](gone.md), [e](other.md#part-2), [f](#nowhere), [g](other.md#not-a-heading), [h](other.md#part-2 "title").',
    ].join('\n'));
    expect(brokenLinks(page)).toEqual([
      `gone.md: no file ${path.relative(ROOT, path.join(dir, 'gone.md'))}`,
      'other.md#part-2: no heading with that anchor',
      '#nowhere: no heading with that anchor',
      'other.md#not-a-heading: no heading with that anchor',
      'other.md#part-2: no heading with that anchor',
    ]);
  });
});

describe('relative links in README.md and docs/', () => {
  it('has pages and links to check', () => {
    expect(FILES.map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'docs/commands.md', 'docs/architecture.md']));
    const targets = FILES.flatMap((f) => linkTargets(fs.readFileSync(f, 'utf8')));
    expect(targets.filter((t) => t.includes('#')).length).toBeGreaterThan(20);
  });

  it.each(FILES.map((f) => [path.relative(ROOT, f), f]))('%s: every relative link resolves', (_name, file) => {
    expect(brokenLinks(file)).toEqual([]);
  });
});
