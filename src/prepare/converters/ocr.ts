import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversionError, type OcrOptions } from './converted-document.js';

/*
 * Optical character recognition through the system's own tools: `tesseract` reads an image,
 * `pdftoppm` (poppler-utils) renders a scanned PDF page for it. Neither ships with kb; both are
 * looked up on PATH, and a file that needs one that is missing fails with how to get it.
 */

/** How to get the tools, in every reason that says they are missing. */
export const OCR_INSTALL_HINT = 'Debian/Ubuntu: apt-get install tesseract-ocr poppler-utils; macOS: brew install tesseract poppler';

/** What a scanned page or an image needs that is not installed, or undefined when OCR can run. */
export function missingOcrTools(forPdf: boolean): string | undefined {
  const missing = (forPdf ? ['tesseract', 'pdftoppm'] : ['tesseract']).filter((tool) => findOnPath(tool) === undefined);
  return missing.length === 0 ? undefined : `OCR needs ${missing.join(' and ')} (${OCR_INSTALL_HINT})`;
}

const found = new Map<string, string | undefined>();

/** The executable's path on PATH (cached per PATH value: tests run kb with a PATH of their own). */
export function findOnPath(tool: string): string | undefined {
  const key = `${process.env.PATH ?? ''}\0${tool}`;
  if (!found.has(key)) {
    const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
    found.set(key, dirs.map((dir) => path.join(dir, tool)).find(isExecutable));
  }
  return found.get(key);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The text tesseract reads in an image (PNG, JPEG, TIFF: every page of a multi-page TIFF). */
export async function recogniseImage(image: Uint8Array, options: OcrOptions): Promise<string> {
  const tesseract = findOnPath('tesseract');
  if (!tesseract) throw new ConversionError(missingOcrTools(false)!);
  const { stdout, stderr, code } = await runTool(tesseract, ['stdin', 'stdout', '-l', options.languages], image, options.timeoutMs);
  if (code !== 0) throw new ConversionError(tesseractFailure(stderr, options.languages));
  return stdout.toString('utf8');
}

/**
 * Page `page` (1-based) of the PDF in `file`, rendered in grey at 300 dpi (what tesseract reads
 * best) as PNG. pdftoppm writes into a scratch folder of its own, removed after.
 */
export async function renderPdfPage(file: string, page: number, options: OcrOptions): Promise<Uint8Array> {
  const pdftoppm = findOnPath('pdftoppm');
  if (!pdftoppm) throw new ConversionError(missingOcrTools(true)!);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-ocr-'));
  try {
    const root = path.join(scratch, 'page');
    const { stderr, code } = await runTool(pdftoppm, ['-f', String(page), '-l', String(page), '-r', '300', '-gray', '-png', '-singlefile', file, root], undefined, options.timeoutMs);
    if (code !== 0) throw new ConversionError(`OCR failed: pdftoppm could not render page ${page}: ${firstLine(stderr) || `exit ${code}`}`);
    return fs.readFileSync(`${root}.png`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function tesseractFailure(stderr: string, languages: string): string {
  const language = /Failed loading language '([^']+)'/.exec(stderr)?.[1];
  if (language) return `OCR failed: no tesseract language data for '${language}' (config ocr.languages is '${languages}'; Debian/Ubuntu: apt-get install tesseract-ocr-${language})`;
  if (/Error in pix|Unsupported image|cannot be read|Error during processing/i.test(stderr)) return 'corrupt image: tesseract cannot read it';
  return `OCR failed: tesseract: ${firstLine(stderr) || 'no output'}`;
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '' && !/^(Estimating resolution|Detected \d+ diacritics|Warning: Invalid resolution)/.test(line)) ?? '';
}

/**
 * Runs a tool to its end, killed after `timeoutMs`. One thread per tesseract (OMP_THREAD_LIMIT):
 * kb runs files and pages in parallel itself, and its threads only contend with ours.
 */
function runTool(command: string, args: readonly string[], stdin: Uint8Array | undefined, timeoutMs: number): Promise<{ stdout: Buffer; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // A tool that exits before reading all its input closes the pipe: its exit code says why.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new ConversionError(`OCR failed: ${path.basename(command)}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') reject(new ConversionError(`OCR failed: ${path.basename(command)} took longer than ${Math.round(timeoutMs / 1000)} s`));
      else resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 });
    });
    child.stdin.end(stdin);
  });
}
