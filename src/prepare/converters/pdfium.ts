import fs from 'node:fs';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';

/**
 * PDFium (the PDF engine of Chrome), compiled to WebAssembly and shipped inside the npm
 * package: one instance per thread, loaded on first use. Each prepare worker has its own, so
 * workers read PDFs in parallel without sharing anything.
 */
let loading: Promise<WrappedPdfiumModule> | undefined;

export function pdfium(): Promise<WrappedPdfiumModule> {
  loading ??= (async () => {
    const wasmBinary = fs.readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
    const module = await init({
      wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer,
      // The runtime writes its complaints ("Cannot enlarge memory …") to the console, which
      // belongs to the CLI: kb reports a failed call itself (pdf-open.ts).
      print: () => undefined,
      printErr: () => undefined,
    });
    module.PDFiumExt_Init();
    return module;
  })();
  return loading;
}

/** FPDF_GetLastError's codes (fpdfview.h). */
export const PDFIUM_ERROR = { UNKNOWN: 1, FILE: 2, FORMAT: 3, PASSWORD: 4, SECURITY: 5, PAGE: 6 } as const;

/** Reads a UTF-16LE string that a PDFium call writes into a buffer it sizes first (call with 0, then with the buffer). */
export function readUtf16(module: WrappedPdfiumModule, write: (buffer: number, bytes: number) => number): string {
  const needed = write(0, 0);
  if (needed <= 2) return '';
  const buffer = module.pdfium.wasmExports.malloc(needed);
  try {
    write(buffer, needed);
    return module.pdfium.UTF16ToString(buffer);
  } finally {
    module.pdfium.wasmExports.free(buffer);
  }
}
