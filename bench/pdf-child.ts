/**
 * One PDF converted in a process of its own, as the first PDF a `kb add` worker meets:
 * `node dist/bench/pdf-child.js <file>`. Loading PDFium and its cold start are in the time
 * the parent measures around this process, as pdftotext's start-up is in its own.
 */
import fs from 'node:fs';
import { convertPdf } from '../src/prepare/converters/pdf.js';

const file = process.argv[2];
if (!file) throw new Error('usage: pdf-child <file.pdf>');
const converted = await convertPdf(fs.readFileSync(file), { fileName: file, ext: '.pdf' });
process.stdout.write(`${converted.pages ?? 0}\n`);
