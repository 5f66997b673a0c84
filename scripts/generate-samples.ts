/**
 * Writes the binary documents of samples/ (a PDF and a Word file), authored here, with the
 * same builders the test fixtures use. Run after a build: `node dist/scripts/generate-samples.js`.
 * The outputs are committed, so users never need to run this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocx } from '../test/support/fixtures/docx-builder.js';
import { buildPdf } from '../test/support/fixtures/pdf-builder.js';

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');

const pdf = buildPdf({
  info: { Title: 'Field Notes on Urban Beekeeping', Author: 'Ines Almeida' },
  outline: [
    { title: 'Why keep bees in a city', page: 1 },
    { title: 'Siting the hive', page: 2 },
    { title: 'The first season', page: 3 },
  ],
  pages: [
    [
      { text: 'Field Notes on Urban Beekeeping', size: 20 },
      { text: 'Why keep bees in a city', size: 15 },
      'City gardens, parks and railway verges flower from early spring to late autumn.',
      'Honey bees foraging in a city often find a wider variety of pollen than in farmland.',
      'A single colony of Apis mellifera can hold fifty thousand workers at midsummer.',
    ],
    [
      { text: 'Siting the hive', size: 15 },
      'Place the hive where the entrance faces away from paths, so flight lines rise above people.',
      'A fence or hedge two metres high in front of the entrance lifts the bees over the garden.',
      'Rooftops work well when they are sheltered from strong wind and easy to reach safely.',
    ],
    [
      { text: 'The first season', size: 15 },
      'Inspect the colony every seven to ten days from April to July to look for queen cells.',
      'Swarming is how a colony reproduces; a beekeeper can prevent it by splitting the colony.',
      'Leave enough honey for winter: a colony needs about twenty kilograms of stores.',
    ],
  ],
});
fs.writeFileSync(path.join(samples, 'urban-beekeeping.pdf'), pdf);

const docx = await buildDocx([
  { title: 'Project Brief: Library Opening Hours' },
  { paragraph: 'This brief proposes longer evening opening hours at the central library. ', bold: 'Draft for discussion.' },
  { heading: 1, text: 'Background' },
  { paragraph: 'Visitor counts show that the reading rooms are full between six and eight in the evening, when the library closes.' },
  { heading: 1, text: 'Proposal' },
  { paragraph: 'Open until nine on weekdays from September, staffed by a rota of two librarians and one security officer.' },
  { heading: 2, text: 'Costs' },
  { table: [['Item', 'Monthly cost'], ['Staff', '4,200'], ['Heating and light', '650']] },
]);
fs.writeFileSync(path.join(samples, 'library-hours-brief.docx'), docx);
console.log(`wrote samples/urban-beekeeping.pdf and samples/library-hours-brief.docx`);
