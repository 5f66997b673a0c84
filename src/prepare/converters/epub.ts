import { isFenceLine } from '../../core/wikilinks.js';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type JSZip from 'jszip';
import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { headingText } from './markdown-escape.js';
import { plainHeadingText, sectionsFromMarkdown } from './sections-from-markdown.js';
import { openZipPackage, readZipPart } from './zip-package.js';

/**
 * EPUB books: the zip is read with jszip and its package files with fast-xml-parser; each
 * chapter's XHTML goes through the HTML converter. Chapters come in spine order (the reading
 * order the book declares), each a level-1 section named by its own title, its headings under
 * it; the book's title and authors come from its Dublin Core metadata.
 *
 * Kept: chapter text, headings, lists, tables, code, emphasis, links' text. Lost: images
 * (a cover page with nothing else is skipped), styles, footnote back-links, the book's own
 * table of contents (the section tree replaces it). A book with DRM (META-INF/encryption.xml
 * naming encrypted content) fails as `encrypted EPUB (DRM)`.
 */
export async function convertEpub(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const zip = await openZipPackage(bytes, 'EPUB');
  if (await isEncrypted(zip)) throw new ConversionError('encrypted EPUB (DRM)');
  const opfPath = await packagePath(zip);
  const opf = xml.parse(await readPart(zip, opfPath)) as XmlObject;
  const pkg = (opf.package ?? {}) as XmlObject;
  const metadata = bookMetadata((pkg.metadata ?? {}) as XmlObject);
  const chapters: string[] = [];
  for (const href of spineDocuments(pkg, path.posix.dirname(opfPath))) {
    const chapter = chapterMarkdown(await readPart(zip, href), fileStem(href));
    if (chapter) chapters.push(chapter);
  }
  if (chapters.length === 0) throw new ConversionError('no text in EPUB (its chapters hold no text)');
  const markdown = chapters.join('\n\n');
  return { title: metadata.title ?? fileStem(input.fileName), markdown, sections: sectionsFromMarkdown(markdown), metadata: withoutTitle(metadata) };
}

type XmlObject = Record<string, unknown>;

// Namespaces dropped (dc:title → title, opf:role → role); attributes kept under their names;
// text kept as written (a book titled `007` is not the number 7).
const xml = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', isArray: (name) => ['item', 'itemref', 'creator', 'title', 'rootfile', 'EncryptedData'].includes(name) });

function readPart(zip: JSZip, name: string): Promise<string> {
  return readZipPart(zip, name, 'EPUB');
}

/** The package document (.opf) the container names. */
async function packagePath(zip: JSZip): Promise<string> {
  const container = xml.parse(await readPart(zip, 'META-INF/container.xml')) as XmlObject;
  const rootfiles = ((container.container as XmlObject | undefined)?.rootfiles as XmlObject | undefined)?.rootfile as XmlObject[] | undefined;
  const fullPath = rootfiles?.map((r) => r['full-path']).find((p): p is string => typeof p === 'string');
  if (!fullPath) throw new ConversionError('corrupt EPUB: META-INF/container.xml names no package document');
  return fullPath;
}

/** Fonts are often obfuscated (that is not DRM, and text stays readable); anything else encrypted is. */
async function isEncrypted(zip: JSZip): Promise<boolean> {
  const part = zip.file('META-INF/encryption.xml');
  if (!part) return false;
  const parsed = xml.parse(await part.async('string')) as XmlObject;
  const data = ((parsed.encryption as XmlObject | undefined)?.EncryptedData ?? []) as XmlObject[];
  const FONT_OBFUSCATION = /idpf\.org\/2008\/embedding|ns\.adobe\.com\/pdf\/enc#RC/;
  return data.some((d) => !FONT_OBFUSCATION.test(String(((d.EncryptionMethod ?? {}) as XmlObject).Algorithm ?? '')));
}

interface BookMetadata {
  title?: string;
  author?: string;
  language?: string;
  publisher?: string;
  date?: string;
}

function bookMetadata(metadata: XmlObject): BookMetadata {
  const texts = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(textOf).filter((t) => t !== '');
  const out: BookMetadata = {};
  const title = texts(metadata.title)[0];
  const authors = texts(metadata.creator);
  const [language] = texts(metadata.language);
  const [publisher] = texts(metadata.publisher);
  const [date] = texts(metadata.date);
  if (title) out.title = title;
  if (authors.length > 0) out.author = authors.join(', ');
  if (language) out.language = language;
  if (publisher) out.publisher = publisher;
  if (date) out.date = date;
  return out;
}

function withoutTitle({ title: _title, ...rest }: BookMetadata): Record<string, string> {
  return { ...rest };
}

function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node).replace(/\s+/g, ' ').trim();
  if (node && typeof node === 'object') return textOf((node as XmlObject)['#text'] ?? '');
  return '';
}

/** Zip paths of the spine's (X)HTML documents, in reading order. */
function spineDocuments(pkg: XmlObject, base: string): string[] {
  const items = (((pkg.manifest ?? {}) as XmlObject).item ?? []) as XmlObject[];
  const byId = new Map(items.map((item) => [String(item.id), item]));
  const refs = (((pkg.spine ?? {}) as XmlObject).itemref ?? []) as XmlObject[];
  return refs.flatMap((ref) => {
    const item = byId.get(String(ref.idref));
    const type = String(item?.['media-type'] ?? '');
    if (!item || !/^(?:application\/xhtml\+xml|text\/html)$/.test(type)) return [];
    return [path.posix.normalize(path.posix.join(base, String(item.href).split('#')[0]!))];
  });
}

/** One chapter as a level-1 section: its title as the heading, its own headings under it. */
function chapterMarkdown(html: string, fallbackTitle: string): string | undefined {
  const { markdown, title } = htmlToMarkdown(html);
  if (markdown.trim() === '') return undefined;
  const heading = title ?? fallbackTitle;
  const lines = markdown.split('\n');
  // The chapter's own first heading is usually its title: it becomes the section heading.
  const first = /^(#{1,6}) (.*)$/.exec(lines[0] ?? '');
  // Compared as plain text: the HTML converter escapes markup characters (`max\\_level`).
  const body = first && plainHeadingText(first[2]!) === heading.replace(/\s+/g, ' ').trim() ? lines.slice(1) : lines;
  // Headings below it go one level down only if the chapter has another level-1 heading:
  // a chapter titled by its <h1> with <h2> parts keeps them at level 2.
  const outsideFences = (visit: (line: string) => string): string[] => {
    let inFence = false;
    return body.map((line) => {
      if (isFenceLine(line)) inFence = !inFence;
      return inFence ? line : visit(line);
    });
  };
  let hasLevelOne = false;
  outsideFences((line) => ((hasLevelOne ||= /^# /.test(line)), line));
  const demoted = hasLevelOne ? outsideFences((line) => (/^#{1,5} /.test(line) ? `#${line}` : line)) : body;
  return `# ${headingText(heading)}\n\n${demoted.join('\n').trim()}`;
}
