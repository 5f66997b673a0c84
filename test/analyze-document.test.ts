import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/analyze/analyze-document.js';
import { taglineSentence } from '../src/analyze/compose-description.js';
import { conceptKey } from '../src/analyze/concept-key.js';
import type { ConvertedDocument } from '../src/model/converted-document.js';
import { convertDocument } from '../src/prepare/converters/convert-document.js';

const limits = { longDocPages: 20, longDocChars: 10_000 };

describe('analyzeDocument', () => {
  const section = (title: string, level: number, start: number, end: number, pageStart?: number) => ({ title, level, start, end, ...(pageStart ? { pageStart, pageEnd: pageStart } : {}) });

  it('summarises a short document: a description sentence and key points other than it', () => {
    // Sentences of 30 characters or more: shorter ones are not shown on their own (issue 17).
    const markdown = '# Title\n\nThe first sentence of the text is written here. The second sentence of the text follows it. A third sentence closes the whole text.';
    const analysis = analyzeDocument({ title: 'Title', markdown, sections: [section('Title', 1, 0, markdown.length)], metadata: {} }, limits);
    expect(analysis).toMatchObject({ title: 'Title', description: 'The first sentence of the text is written here.', long: false });
    expect(analysis.keyPoints).toEqual(['The second sentence of the text follows it.', 'A third sentence closes the whole text.']);
  });

  it('takes no concept from a title that is only the file name; a real title still names one', () => {
    const markdown = 'Daily rainfall readings of the hill station are kept in this table. The hill station logs every rainy day.';
    const doc = (title: string): ConvertedDocument => ({ title, markdown, sections: [], metadata: {} });
    const keys = (title: string, fileName: string): string[] => analyzeDocument(doc(title), limits, fileName).concepts.map((c) => c.key);
    expect(keys('rainfall-2025', 'rainfall-2025.csv')).not.toContain('rainfall-2025');
    expect(keys('rainfall-2025', 'rainfall-2025.csv')).toContain('hill station');
    expect(keys('Hill Station Rainfall', 'rainfall-2025.csv')).toContain('hill station rainfall');
  });

  it("gives the concept that is the document's own subject a key sentence when no sentence names it (a man page's command)", async () => {
    const page = (name: string[]) => [
      'git-frob-files(1)', '=================', '', ...name,
      'SYNOPSIS', '--------', '[verse]', "'git frob-files' [-q] [<path>...]", '',
      'DESCRIPTION', '-----------', 'Compares the files in the working tree and the index, and frobs each one that differs.',
      'When paths are given, only those paths are frobbed and the rest are left alone.', '',
      'OPTIONS', '-------', '-q::', '\tRemain silent even on nonexistent files.', '',
    ].join('\n');
    const analysed = async (text: string) => {
      const doc = await convertDocument(new TextEncoder().encode(text), { fileName: 'git-frob-files.txt', ext: '.txt' });
      const analysis = analyzeDocument(doc, limits, 'git-frob-files.txt');
      return { analysis, subject: analysis.concepts.find((c) => c.key === conceptKey('git frob-files')) };
    };
    // The name line, made a sentence, says what the command does.
    const named = await analysed(page(['NAME', '----', 'git-frob-files - Compare the files in the working tree and the index', '']));
    expect(named.subject?.sentences).toEqual(['`git-frob-files` is used to compare the files in the working tree and the index.']);
    // It is marked as the document's subject (commit ranks it first), and no other concept is.
    expect(named.analysis.concepts.filter((c) => c.subject).map((c) => c.key)).toEqual([conceptKey('git frob-files')]);
    // Without one, the description does, when it says what the command does.
    const unnamed = await analysed(page([]));
    expect(unnamed.analysis.description).toMatch(/^Compares the files/);
    expect(unnamed.subject?.sentences).toEqual([unnamed.analysis.description]);
  });

  it("opens the subject's key sentences with the description when that names the subject first, not with a side remark", async () => {
    // Seen in the PostgreSQL pages: the concept page of dropdb opened with "Echo the commands that dropdb generates …".
    const text = [
      '# dropdb',
      '',
      '`dropdb` destroys an existing PostgreSQL database.',
      '',
      '## Options',
      '',
      'Echo the commands that dropdb generates and sends to the server.',
      '',
      'Do not ask for a password; dropdb then fails when the server wants one.',
      '',
      '## Notes',
      '',
      'dropdb is a wrapper around the SQL command DROP DATABASE, and dropdb needs the server to run.',
      '',
    ].join('\n');
    const doc = await convertDocument(new TextEncoder().encode(text), { fileName: 'dropdb.md', ext: '.md' });
    const analysis = analyzeDocument(doc, limits, 'dropdb.md');
    expect(analysis.description).toBe('`dropdb` destroys an existing PostgreSQL database.');
    const subject = analysis.concepts.find((c) => c.key === conceptKey('dropdb'));
    expect(subject?.sentences[0]).toBe(analysis.description);
    expect(subject?.sentences.length).toBeGreaterThan(1);
  });

  it("makes a README's tagline a sentence about the package for its own concept", async () => {
    // Seen in corpus/md: pino's concept page opened with "Pino is built to run on Node.js.".
    const text = ['# pino', '', 'Very low overhead JavaScript logger.', '', '## Usage', '', 'Pino is built to run on Node.js, and pino writes one JSON line a log record.', '', 'The pino logger is fast because pino does little work on each call.', ''].join('\n');
    const doc = await convertDocument(new TextEncoder().encode(text), { fileName: 'pino.md', ext: '.md' });
    const analysis = analyzeDocument(doc, limits, 'pino.md');
    expect(analysis.description).toBe('Very low overhead JavaScript logger.');
    expect(analysis.concepts.find((c) => c.key === conceptKey('pino'))?.sentences[0]).toBe('`pino` is a very low overhead JavaScript logger.');
  });

  it('makes a sentence of a tagline only when it is one thing named once', () => {
    expect(taglineSentence('better-sqlite3', 'The fastest and simplest library for SQLite in Node.js.')).toBe('`better-sqlite3` is the fastest and simplest library for SQLite in Node.js.');
    expect(taglineSentence('Nano ID', 'A tiny, secure, URL-friendly, unique string ID generator for JavaScript.')).toBe('Nano ID is a tiny, secure, URL-friendly, unique string ID generator for JavaScript.');
    expect(taglineSentence('siginfo', 'A utility module to print pretty messages.')).toBe('`siginfo` is a utility module to print pretty messages.');
    expect(taglineSentence('pathe', 'Universal filesystem path utils.')).toBeUndefined();
    expect(taglineSentence('buffer', 'The buffer module from node.js, for the browser.')).toBeUndefined();
  });

  it('summarises a long document section by section, at most one key point from each of a bounded number of sections', () => {
    // Digits spelt as letters (same length): a sentence dense with digits is no prose, never a key point.
    const topics = Array.from({ length: 30 }, (_, i) => `topic${String.fromCharCode(97 + (i % 26))}${String(i).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`);
    const parts = topics.map(
      (topic, i) =>
        `# Chapter ${i}\n\nThe ${topic} engine stores ${topic} records in ${topic} pages. ` +
        `Each ${topic} page holds records. Readers scan ${topic} pages quickly. ${'Unrelated filler words follow here now. '.repeat(3)}`,
    );
    let offset = 0;
    const sections = parts.map((p, i) => {
      const s = section(`Chapter ${i}`, 1, offset, offset + p.length, i + 1);
      offset += p.length + 2;
      return s;
    });
    const doc: ConvertedDocument = { title: 'Book', markdown: parts.join('\n\n'), sections, pages: 30, metadata: {} };
    const analysis = analyzeDocument(doc, limits);
    expect(analysis.long).toBe(true);
    // 30 chapters, a key point from each of the 12 longest (the two-digit ones), in order.
    expect(analysis.keyPoints).toHaveLength(12);
    const chapterOf = (point: string): number => topics.findIndex((t) => point.includes(t));
    const chapters = analysis.keyPoints.map(chapterOf);
    expect(chapters.every((c) => c >= 0)).toBe(true);
    expect(chapters).toEqual([...new Set(chapters)].sort((a, b) => a - b));
    expect(chapters.every((c) => c >= 10)).toBe(true);
    // The central sentence of each section that does not repeat the description: the description
    // is chapter 0's "The … engine stores … records in … pages.", so each chapter's own copy of
    // that sentence is left out and the next most central one, about the chapter's topic, is shown.
    expect(analysis.description).toBe(`The ${topics[0]} engine stores ${topics[0]} records in ${topics[0]} pages.`);
    for (const [i, point] of analysis.keyPoints.entries()) expect(point).toBe(`Each ${topics[chapters[i]!]} page holds records.`);
    expect(analysis.outline[3]).toEqual({ title: 'Chapter 3', level: 1, pageStart: 4, pageEnd: 4 });
  });
});
