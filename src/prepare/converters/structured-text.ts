import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import ini from 'ini';
import yaml from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { decodeText, encodingField } from './decode-text.js';
import { headingText } from './markdown-escape.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

/**
 * Structured text (JSON, YAML, TOML, INI, XML): shown as written, in fenced code, one section
 * per top-level key (a TOML or INI table, an XML element under the root), so search and the
 * section tree can point at `database` in a config file. Each file is parsed with its format's
 * library first: one that does not parse fails as `invalid <FORMAT>: <reason>` rather than
 * becoming a page of broken text.
 *
 * What is kept: for YAML, TOML and INI the original lines, comments included (a section is
 * the lines from its key or table header to the next); for JSON each top-level value
 * re-indented (JSON has no comments; keys that look like array indexes come first, as
 * JavaScript orders them); for XML each child element of the root re-serialised, with
 * attributes and comments. A file of more than MAX_SECTIONS top-level keys, or whose keys
 * cannot be matched to lines (YAML flow mappings, several YAML documents), is one block.
 */
export type StructuredFormat = 'json' | 'yaml' | 'toml' | 'ini' | 'xml';

/** More top-level keys than this make one block: a heading per key of a data dump helps nobody. */
export const MAX_SECTIONS = 200;

interface Block {
  /** Heading of the block; undefined for what comes before the first key (comments, a preamble). */
  heading?: string;
  body: string;
}

export function structuredConverter(format: StructuredFormat) {
  return async (bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> => {
    const decoded = decodeText(bytes);
    const text = decoded.text.replace(/\s+$/, '');
    const blocks = blocksOf(format, text);
    const markdown = blocks.map((b) => (b.heading === undefined ? '' : `## ${headingText(b.heading, '(empty key)')}\n\n`) + fenced(b.body, FENCE_LANGUAGE[format])).join('\n\n') + '\n';
    // Named by its file name: `package.json`, `config.yaml` say what the file is.
    return { title: input.fileName, markdown, sections: sectionsFromMarkdown(markdown), metadata: {}, ...encodingField(decoded) };
  };
}

const FENCE_LANGUAGE: Record<StructuredFormat, string> = { json: 'json', yaml: 'yaml', toml: 'toml', ini: 'ini', xml: 'xml' };

function blocksOf(format: StructuredFormat, text: string): Block[] {
  switch (format) {
    case 'json':
      return jsonBlocks(text);
    case 'yaml':
      return yamlBlocks(text);
    case 'toml':
      validate('TOML', () => parseToml(text));
      return blocksAtLines(text, tableHeaderLines(text, TOML_HEADER));
    case 'ini':
      validate('INI', () => ini.parse(text));
      return blocksAtLines(text, tableHeaderLines(text, INI_HEADER));
    case 'xml':
      return xmlBlocks(text);
  }
}

function validate<T>(format: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConversionError(`invalid ${format}: ${firstLine(error)}`);
  }
}

function jsonBlocks(text: string): Block[] {
  const value: unknown = validate('JSON', () => JSON.parse(text) as unknown);
  if (!isPlainObject(value) || Object.keys(value).length > MAX_SECTIONS) return [{ body: text }];
  return Object.entries(value).map(([key, v]) => ({ heading: key, body: JSON.stringify(v, null, 2) }));
}

function yamlBlocks(text: string): Block[] {
  const documents = validate('YAML', () => yaml.loadAll(text));
  const value = documents.length === 1 ? documents[0] : undefined;
  if (!isPlainObject(value)) return [{ body: text }];
  const keys = Object.keys(value);
  const lines = text.split('\n');
  // A top-level entry starts at column 0; comments, blank lines and document markers do not.
  const starts = lines.flatMap((line, i) => (/^[^\s#]/.test(line) && !/^(?:---|\.\.\.)(?:\s|$)/.test(line) ? [i] : []));
  // `key: |` blocks and nested values are indented, so each key owns exactly one such line;
  // anything else (a flow mapping over several lines, a merge key) is shown whole.
  if (keys.length > MAX_SECTIONS || starts.length !== keys.length) return [{ body: text }];
  return blocksAtLines(text, starts.map((line, i) => ({ line, heading: keys[i]! })));
}

const TOML_HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const INI_HEADER = /^\s*\[([^\]]+)\]\s*(?:[;#].*)?$/;

function tableHeaderLines(text: string, header: RegExp): Array<{ line: number; heading: string }> {
  return text.split('\n').flatMap((line, i) => {
    const name = header.exec(line)?.[1];
    return name === undefined ? [] : [{ line: i, heading: name.trim() }];
  });
}

/** The text cut at the given lines (in order), each piece headed by its key; lines before the first are a preamble. */
function blocksAtLines(text: string, cuts: ReadonlyArray<{ line: number; heading: string }>): Block[] {
  if (cuts.length === 0 || cuts.length > MAX_SECTIONS) return [{ body: text }];
  const lines = text.split('\n');
  const blocks: Block[] = [];
  const preamble = lines.slice(0, cuts[0]!.line).join('\n').replace(/\s+$/, '');
  if (preamble !== '') blocks.push({ body: preamble });
  cuts.forEach((cut, i) => {
    const end = cuts[i + 1]?.line ?? lines.length;
    blocks.push({ heading: cut.heading, body: lines.slice(cut.line, end).join('\n').replace(/\s+$/, '') });
  });
  return blocks;
}

// parseTagValue off: element text is shown as written (`1.10`, `007`), not as the number it looks like.
const XML_OPTIONS = { preserveOrder: true, ignoreAttributes: false, commentPropName: '#comment', cdataPropName: '#cdata', processEntities: false, trimValues: false, parseTagValue: false } as const;

function xmlBlocks(text: string): Block[] {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new ConversionError(`invalid XML: ${verdict.err.msg} (line ${verdict.err.line})`);
  const nodes = new XMLParser(XML_OPTIONS).parse(text) as XmlNode[];
  const root = nodes.find((node) => elementName(node) !== undefined && !elementName(node)!.startsWith('?'));
  const children = root ? ((root[elementName(root)!] as XmlNode[] | undefined) ?? []).filter((node) => elementName(node) !== undefined) : [];
  if (children.length === 0 || children.length > MAX_SECTIONS) return [{ body: text }];
  const builder = new XMLBuilder({ ...XML_OPTIONS, format: true, indentBy: '  ', suppressEmptyNode: true });
  const preamble = text.slice(0, Math.max(0, text.indexOf(`<${elementName(root!)!}`)));
  const opening = `<${elementName(root!)!}${attributeText(root!)}>`;
  return [
    { body: `${preamble}${opening}`.trim() },
    ...children.map((child) => ({ heading: childHeading(child), body: (builder.build([child]) as string).trim() })),
  ];
}

type XmlNode = Record<string, unknown>;

/** The element name of a preserveOrder node; undefined for text, comments and CDATA. */
function elementName(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && !key.startsWith('#'));
}

function attributeText(node: XmlNode): string {
  const attributes = (node[':@'] ?? {}) as Record<string, unknown>;
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name.replace(/^@_/, '')}="${String(value)}"`)
    .join('');
}

/** An element's name, with its id or name attribute when it has one (`<server name="web">` → `server web`). */
function childHeading(node: XmlNode): string {
  const attributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const label = attributes['@_id'] ?? attributes['@_name'];
  return label === undefined ? elementName(node)! : `${elementName(node)!} ${String(label)}`;
}

/** A fence longer than any run of backticks in the body, so the body cannot close it. */
function fenced(body: string, language: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}


function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
