import { ConversionError, type ConvertedDocument, type Converter, type ConvertInput } from './converted-document.js';
import { convertCsv } from './csv.js';
import { convertDocx } from './docx.js';
import { convertHtml } from './html.js';
import { convertMarkdown } from './markdown.js';
import { convertPdf } from './pdf.js';
import { convertText } from './text.js';

const FORMATS: Readonly<Record<string, Converter>> = {
  '.md': convertMarkdown,
  '.markdown': convertMarkdown,
  '.txt': convertText,
  '.text': convertText,
  '.adoc': convertText,
  '.asciidoc': convertText,
  '.html': convertHtml,
  '.htm': convertHtml,
  '.xhtml': convertHtml,
  '.docx': convertDocx,
  '.csv': convertCsv,
  '.pdf': convertPdf,
};

const CONVERTERS: Readonly<Record<string, Converter>> = Object.fromEntries(
  Object.entries(FORMATS).map(([ext, converter]) => [ext, withTextRequired(converter)]),
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

/** Converts one file, or throws ConversionError with the one-line reason it cannot be. */
export function convertDocument(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const converter = converterFor(input.ext);
  if (!converter) return Promise.reject(new ConversionError(`unsupported file type "${input.ext}"`));
  return converter(bytes, input);
}

function withTextRequired(converter: Converter): Converter {
  return async (bytes, input) => {
    const document = await converter(bytes, input);
    if (document.markdown.trim() === '') throw new ConversionError('no text content');
    return document;
  };
}
