import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/analyze/analyze-document.js';
import { sectionsFromMarkdown } from '../src/prepare/converters/sections-from-markdown.js';

const limits = { longDocPages: 20, longDocChars: 50_000 };

// "Flux capacitor calibration" and "quantum widget registry" read like concepts, but only
// code holds them: one in a fenced block, one in a block indented by four spaces.
const MARKDOWN = [
  '# Garden Irrigation',
  '',
  'Drip irrigation feeds water to each plant through narrow tubes. Drip irrigation saves water in dry summers.',
  '',
  'A soil moisture sensor tells the controller when the beds are dry. The soil moisture sensor sits near the roots.',
  '',
  '```',
  'Flux capacitor calibration is the first step. Flux capacitor calibration repeats nightly.',
  'flux_capacitor_calibration(level=3)  # flux capacitor calibration',
  '```',
  '',
  'The controller opens the valves at dawn.',
  '',
  '    Quantum widget registry holds every widget. The quantum widget registry is global.',
  '    quantum_widget_registry.open()  # quantum widget registry',
  '',
  'Mulch keeps the soil moisture in the beds longer.',
].join('\n');

describe('code blocks', () => {
  it('are never mined for concepts or sentences, fenced or indented', () => {
    const analysis = analyzeDocument({ title: 'Garden Irrigation', markdown: MARKDOWN, sections: sectionsFromMarkdown(MARKDOWN), metadata: {} }, limits);
    const keys = analysis.concepts.map((c) => c.key).join(' | ');
    expect(keys).toMatch(/irrigation/);
    expect(keys).not.toMatch(/flux|capacitor|calibration|quantum|widget|registry/);
    const sentences = [analysis.description, ...analysis.keyPoints, ...analysis.concepts.flatMap((c) => c.sentences)].join('\n');
    expect(sentences).toMatch(/irrigation/i);
    expect(sentences).not.toMatch(/flux|capacitor|quantum|widget/i);
  });
});
