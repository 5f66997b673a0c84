import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { ConversionError } from './converted-document.js';
import { firstLineOf } from './first-line-of.js';
import { CMAP_DIR, type Pdfjs } from './load-pdfjs.js';
import { pageText, type PageText } from './pdf-page-text.js';

/** Opens a PDF with pdf.js, mapping its failures to one-line reasons (encrypted, corrupt). */
export async function openPdf(pdfjs: Pdfjs, bytes: Uint8Array): Promise<PDFDocumentProxy> {
  let task: ReturnType<Pdfjs['getDocument']> | undefined;
  try {
    task = pdfjs.getDocument({
      // A copy, as a plain Uint8Array (pdf.js refuses Buffers): pdf.js detaches the buffer
      // it is given, and the caller's bytes must stay usable.
      data: new Uint8Array(bytes),
      // Warnings would go to the console, which belongs to the CLI.
      verbosity: pdfjs.VerbosityLevel.ERRORS,
      cMapUrl: CMAP_DIR,
      cMapPacked: true,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    });
    return await task.promise;
  } catch (error) {
    await task?.destroy().catch(() => undefined);
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new ConversionError('encrypted PDF (password protected)');
    }
    throw new ConversionError(`corrupt PDF: ${firstLineOf(error)}`);
  }
}

/** One page's text; a page pdf.js cannot read makes the whole file fail, naming the page. */
export async function readPage(doc: PDFDocumentProxy, n: number): Promise<PageText> {
  try {
    const page = await doc.getPage(n);
    const text = pageText(await page.getTextContent());
    page.cleanup();
    return text;
  } catch (error) {
    throw new ConversionError(`corrupt PDF: page ${n}: ${firstLineOf(error)}`);
  }
}
