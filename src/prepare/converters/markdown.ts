import yaml from 'js-yaml';
import type { ConvertedDocument, ConvertInput } from './converted-document.js';
import { decodeText, encodingField } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';
import { isStructureHeading } from '../../analyze/structure-headings.js';
import type { SectionNode } from './converted-document.js';

const FRONTMATTER = /^---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;

export async function convertMarkdown(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const decoded = decodeText(bytes);
  const { body, metadata } = readFrontmatterMetadata(decoded.text);
  const markdown = body.replace(/^\n+/, '');
  const sections = sectionsFromMarkdown(markdown);
  const title = metadata.title?.trim() || headingTitle(sections) || fileStem(input.fileName);
  return { title, markdown, sections, metadata, ...encodingField(decoded) };
}

/**
 * The first top-level heading, unless it is a section name ("Installation", "Summary") and
 * other top-level headings follow: then the headings are the document's sections, and it has
 * no title of its own (type-definition READMEs open "# Installation", "# Summary", "# Details").
 */
function headingTitle(sections: readonly SectionNode[]): string | undefined {
  const top = sections.filter((s) => s.level === 1);
  if (top.length > 1 && isStructureHeading(top[0]!.title)) return undefined;
  return top[0]?.title;
}

/**
 * YAML frontmatter as flat string metadata. CORE_SCHEMA keeps dates and odd scalars as the
 * user wrote them. A block that is not a YAML mapping stays in the text: dropping it would
 * lose what the user wrote.
 */
export function readFrontmatterMetadata(text: string): { body: string; metadata: Record<string, string> } {
  const match = FRONTMATTER.exec(text);
  if (!match) return { body: text, metadata: {} };
  let data: unknown;
  try {
    data = yaml.load(match[1] ?? '', { schema: yaml.CORE_SCHEMA });
  } catch {
    return { body: text, metadata: {} };
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    return { body: text, metadata: {} };
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(data ?? {})) metadata[key] = metadataString(value);
  return { body: text.slice(match[0].length), metadata };
}

function metadataString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return value.map((v) => (v === null ? '' : String(v))).join(', ');
  }
  return JSON.stringify(value);
}
