// The samples `npm run bench -- --only=types` converts: each one a document kb reads whole,
// and a type with no generator is named, not fatal (another branch may add a converter first).
import { describe, expect, it } from 'vitest';
import { generateSample, planSamples, SAMPLE_ALIASES, SAMPLE_GENERATORS, sampleDocument } from '../bench/type-samples.js';
import { convertDocument, IMAGE_EXTENSIONS, SUPPORTED_EXTENSIONS } from '../src/prepare/converters/convert-document.js';

describe('bench samples per type', () => {
  it('plans a sample for a type with a generator, skips an alias, and names a type with none', () => {
    expect(planSamples(['.md', '.markdown', '.wpd']).map((plan) => ({ ...plan, generate: 'generate' in plan }))).toEqual([
      { ext: '.md', generate: true },
      { ext: '.markdown', aliasOf: '.md', generate: false },
      { ext: '.wpd', missing: true, generate: false },
    ]);
  });

  it('names only types kb reads, and aliases of measured ones', () => {
    const names = [...Object.keys(SAMPLE_GENERATORS), ...Object.keys(SAMPLE_ALIASES)];
    expect(names.filter((ext) => !SUPPORTED_EXTENSIONS.includes(ext))).toEqual([]);
    expect(Object.values(SAMPLE_ALIASES).filter((ext) => !(ext in SAMPLE_GENERATORS))).toEqual([]);
  });

  it('generates a document that converts to the end, first and last section included, for every type with a generator', async () => {
    // Enough sections for two sheets of a workbook and several chapters of a book.
    const doc = sampleDocument(25_000);
    const [first, last] = [doc.sections[0]!.heading, doc.sections.at(-1)!.heading];
    for (const plan of planSamples(SUPPORTED_EXTENSIONS)) {
      // Images are one page of the first section, read by OCR: ocr.test.ts tests those.
      if (!('generate' in plan) || IMAGE_EXTENSIONS.includes(plan.ext)) continue;
      const converted = await convertDocument(await generateSample(plan.generate, doc), { fileName: `sample${plan.ext}`, ext: plan.ext });
      expect([plan.ext, converted.markdown.includes(first), converted.markdown.includes(last)]).toEqual([plan.ext, true, true]);
    }
  });
});
