import { buildPdf, type PdfOutlineItem } from './fixtures/pdf-builder.js';

const SUBJECTS = ['The harbour master', 'A tidal gauge', 'The ferry schedule', 'Each lighthouse keeper', 'The pilot boat', 'A survey vessel', 'The breakwater', 'The port authority'];
const VERBS = ['records', 'measures', 'announces', 'inspects', 'adjusts', 'reports', 'follows', 'protects'];
const OBJECTS = ['the spring tides', 'the mooring fees', 'the cargo manifests', 'the channel depth', 'the storm warnings', 'the dredging plan', 'the berth allocation', 'the navigation lights'];
const TAILS = ['before dawn.', 'every week.', 'during winter storms.', 'after each survey.', 'for the coastal guard.', 'under the new regulation.', 'with great care.', 'in the logbook.'];

/**
 * A long PDF made for the tests of shared work: `pages` pages of varied sentences (about
 * 24 a page, so the tagging is long enough to be shared too), a chapter bookmark every ten
 * pages with a section bookmark on the page after. Deterministic: the same bytes every call.
 */
export function longPdf(pages: number): Uint8Array {
  let seed = 20240601;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return list[seed % list.length]!;
  };
  const pageLines = Array.from({ length: pages }, (_, i) => {
    const lines = Array.from({ length: 24 }, () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}`);
    if (i % 10 === 0) lines.unshift(`Chapter ${i / 10 + 1}: Harbour Works ${i / 10 + 1}`);
    if (i % 10 === 1) lines.unshift(`Section ${Math.floor(i / 10) + 1}.1 Tides and Depths`);
    return i === 0 ? [{ text: 'The Harbour Handbook', size: 24 }, ...lines] : lines;
  });
  const outline: PdfOutlineItem[] = Array.from({ length: Math.ceil(pages / 10) }, (_, c) => ({
    title: `Chapter ${c + 1}: Harbour Works ${c + 1}`,
    page: c * 10 + 1,
    ...(c * 10 + 2 <= pages ? { children: [{ title: `Section ${c + 1}.1 Tides and Depths`, page: c * 10 + 2 }] } : {}),
  }));
  return buildPdf({ pages: pageLines, outline, info: { Title: 'The Harbour Handbook' }, flate: 'whole' });
}
