import { describe, expect, it } from 'vitest';
import { analyzeDocument, firstSentences } from '../src/compile/analyze-document.js';
import type { ConvertedDocument } from '../src/prepare/converters/converted-document.js';

const limits = { longDocPages: 20, longDocChars: 10_000 };

describe('firstSentences', () => {
  it('skips a title line standing alone, headings, code and list markers', () => {
    const md = 'Field Notes\n\n# Why\n\nCity gardens flower from spring to autumn.\nBees find varied pollen there.\n\n```\ncode line here that is long enough.\n```\n- A list item that is a full sentence.';
    expect(firstSentences(md, 5)).toEqual(['City gardens flower from spring to autumn.', 'Bees find varied pollen there.', 'A list item that is a full sentence.']);
  });

  it('drops fragments too short to say anything', () => {
    expect(firstSentences('Yes. No. This sentence is long enough to keep.', 3)).toEqual(['This sentence is long enough to keep.']);
  });
});

describe('analyzeDocument', () => {
  const section = (title: string, level: number, start: number, end: number, pageStart?: number) => ({ title, level, start, end, ...(pageStart ? { pageStart, pageEnd: pageStart } : {}) });

  it('summarises a short document from its opening', () => {
    const markdown = '# Title\n\nThe first sentence is here. The second sentence follows it. A third one closes the text.';
    const analysis = analyzeDocument({ title: 'Title', markdown, sections: [section('Title', 1, 0, markdown.length)], metadata: {} }, limits);
    expect(analysis).toMatchObject({ title: 'Title', description: 'The first sentence is here.', long: false });
    expect(analysis.keyPoints).toHaveLength(3);
  });

  it('summarises a long document section by section, one sentence from each top-level section', () => {
    const parts = Array.from({ length: 30 }, (_, i) => `# Chapter ${i}\n\nChapter ${i} opens with this sentence. ${'Filler text goes on. '.repeat(20)}`);
    let offset = 0;
    const sections = parts.map((p, i) => {
      const s = section(`Chapter ${i}`, 1, offset, offset + p.length, i + 1);
      offset += p.length + 2;
      return s;
    });
    const doc: ConvertedDocument = { title: 'Book', markdown: parts.join('\n\n'), sections, pages: 30, metadata: {} };
    const analysis = analyzeDocument(doc, limits);
    expect(analysis.long).toBe(true);
    expect(analysis.keyPoints.slice(0, 2)).toEqual(['Chapter 0 opens with this sentence.', 'Chapter 1 opens with this sentence.']);
    expect(analysis.keyPoints.length).toBeLessThanOrEqual(12);
    expect(analysis.outline[3]).toEqual({ title: 'Chapter 3', level: 1, pageStart: 4, pageEnd: 4 });
  });
});
