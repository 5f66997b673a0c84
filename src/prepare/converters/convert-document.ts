import { ConversionError, type ConvertedDocument, type Converter, type ConvertInput } from './converted-document.js';
import type { StructuredFormat } from './structured-text.js';

/**
 * Each format's converter module, imported on first use: the HTML and Word stacks take about
 * 0.35 s to load, which every worker thread (and every `kb` command that adds files) would
 * otherwise pay on a batch that holds none of them.
 */
const loadMarkdown = () => import('./markdown.js').then((m) => m.convertMarkdown);
const loadText = () => import('./text.js').then((m) => m.convertText);
const loadHtml = () => import('./html.js').then((m) => m.convertHtml);
const loadStructured = (format: StructuredFormat) => () => import('./structured-text.js').then((m) => m.structuredConverter(format));
/** Images kb reads by OCR, when it is on and tesseract is installed (image.ts). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.tif', '.tiff'];
const loadImage = () => import('./image.js').then((m) => m.convertImage);
const FORMATS: Readonly<Record<string, () => Promise<Converter>>> = {
  '.md': loadMarkdown,
  '.markdown': loadMarkdown,
  '.txt': loadText,
  '.text': loadText,
  '.rst': () => import('./rst.js').then((m) => m.convertRst),
  '.adoc': loadText,
  '.asciidoc': loadText,
  '.html': loadHtml,
  '.htm': loadHtml,
  '.xhtml': loadHtml,
  '.docx': () => import('./docx.js').then((m) => m.convertDocx),
  '.csv': () => import('./csv.js').then((m) => m.convertCsv),
  '.pdf': () => import('./pdf.js').then((m) => m.convertPdf),
  '.json': loadStructured('json'),
  '.yaml': loadStructured('yaml'),
  '.yml': loadStructured('yaml'),
  '.toml': loadStructured('toml'),
  '.ini': loadStructured('ini'),
  '.xml': loadStructured('xml'),
  '.epub': () => import('./epub.js').then((m) => m.convertEpub),
  '.xlsx': () => import('./xlsx.js').then((m) => m.convertXlsx),
  '.pptx': () => import('./pptx.js').then((m) => m.convertPptx),
  '.odt': () => import('./odt.js').then((m) => m.convertOdt),
  '.ods': () => import('./ods.js').then((m) => m.convertOds),
  '.odp': () => import('./odp.js').then((m) => m.convertOdp),
  '.rtf': () => import('./rtf.js').then((m) => m.convertRtf),
  ...Object.fromEntries(IMAGE_EXTENSIONS.map((ext) => [ext, loadImage])),
};

/** The converter that reads a file as plain text: for add.extra_text_types and text files with no extension. */
export const PLAIN_TEXT = '.txt';

const CONVERTERS: Readonly<Record<string, Converter>> = Object.fromEntries(
  Object.entries(FORMATS).map(([ext, load]) => [ext, withTextRequired(load)]),
);

/** Lower-case extensions, with the dot, that `kb add` takes. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(CONVERTERS);

/**
 * The converter for an extension (any case), or undefined when kb does not read the
 * format. Every converter it returns also fails a document that yields no text at all:
 * an empty source page helps nobody, and the user should hear about it.
 */
export function converterFor(ext: string): Converter | undefined {
  return CONVERTERS[ext.toLowerCase()];
}

/**
 * Loads the converters of these extensions now (for PDFs, PDFium reads a one-page PDF): a
 * prepare worker does so at start, while the main thread is still hashing the batch.
 */
export async function preloadConverters(extensions: Iterable<string>): Promise<void> {
  const wanted = new Set([...extensions].map((ext) => ext.toLowerCase()));
  const loads: Promise<unknown>[] = [...wanted].flatMap((ext) => FORMATS[ext]?.() ?? []);
  if (wanted.has('.pdf')) loads.push(import('./pdf-open.js').then((m) => m.warmUpPdfReader()));
  await Promise.all(loads);
}

/** Converts one file, or throws ConversionError with the one-line reason it cannot be. */
export function convertDocument(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const converter = converterFor(input.ext);
  if (!converter) return Promise.reject(new ConversionError(`unsupported file type "${input.ext}"`));
  return converter(bytes, input);
}

function withTextRequired(load: () => Promise<Converter>): Converter {
  return async (bytes, input) => {
    const document = await (await load())(bytes, input);
    if (document.markdown.trim() === '') throw new ConversionError('no text content');
    return document;
  };
}
