import type { ConvertedDocument } from '../prepare/converters/converted-document.js';

export interface OutlineEntry {
  title: string;
  level: number;
  pageStart?: number;
  pageEnd?: number;
}

/** The per-document analysis prepare hands to commit. Small: it travels between threads. */
export interface DocumentAnalysis {
  title: string;
  /** One line: what the document is. */
  description: string;
  /** Extractive key points, a few sentences. */
  keyPoints: string[];
  outline: OutlineEntry[];
  pages?: number;
  long: boolean;
}

export interface AnalysisLimits {
  /** PDFs with at least this many pages are long documents. */
  longDocPages: number;
  /** Text longer than this (characters) makes a long document. */
  longDocChars: number;
}

const MAX_OUTLINE = 60;
const MAX_KEY_POINTS = 12;

/**
 * Until the wiki compiler lands (issue 4) the analysis is deliberately simple and extractive:
 * the opening sentences, and for long documents the opening sentence of each top-level
 * section — work proportional to a section at a time, never the whole text at once.
 */
export function analyzeDocument(doc: ConvertedDocument, limits: AnalysisLimits): DocumentAnalysis {
  const long = (doc.pages ?? 0) >= limits.longDocPages || doc.markdown.length > limits.longDocChars;
  const outline = doc.sections.slice(0, MAX_OUTLINE).map((s) => ({
    title: s.title,
    level: s.level,
    ...(s.pageStart !== undefined ? { pageStart: s.pageStart } : {}),
    ...(s.pageEnd !== undefined ? { pageEnd: s.pageEnd } : {}),
  }));
  const opening = firstSentences(doc.markdown.slice(0, 4000), 3);
  let keyPoints = opening;
  if (long && doc.sections.length > 1) {
    const top = Math.min(...doc.sections.map((s) => s.level));
    keyPoints = doc.sections
      .filter((s) => s.level === top)
      .slice(0, MAX_KEY_POINTS)
      .map((s) => firstSentences(doc.markdown.slice(s.start, Math.min(s.end, s.start + 4000)), 1)[0])
      .filter((s): s is string => s !== undefined);
  }
  return {
    title: doc.title,
    description: opening[0] ?? doc.title,
    keyPoints: keyPoints.slice(0, MAX_KEY_POINTS),
    outline,
    ...(doc.pages !== undefined ? { pages: doc.pages } : {}),
    long,
  };
}

/**
 * Sentences from running text, paragraph by paragraph: headings, code, tables and list
 * markers are left out, and so is a short line without final punctuation standing alone
 * (a title or caption, as PDFs often start), which would otherwise run into the first sentence.
 */
export function firstSentences(markdown: string, count: number): string[] {
  const out: string[] = [];
  for (const paragraph of markdown.replace(/```[\s\S]*?(```|$)/g, '\n\n').split(/\n\s*\n/)) {
    const prose = paragraph
      .split('\n')
      .filter((line) => !/^\s*(#|\||>|```|---|\* \* \*)/.test(line))
      .map((line) => line.replace(/^\s*([-*+]|\d+\.)\s+/, ''))
      .join(' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[*_`]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (prose.length < 100 && !/[.!?:]$/.test(prose)) continue;
    for (const sentence of prose.match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) ?? []) {
      const s = sentence.trim();
      if (s.length < 20 || !/\p{L}/u.test(s)) continue;
      out.push(s.length > 300 ? `${s.slice(0, 299).trimEnd()}…` : s);
      if (out.length >= count) return out;
    }
  }
  return out;
}
