import { XMLParser } from 'fast-xml-parser';

/**
 * XML parsed with fast-xml-parser's preserveOrder, as the Office and OpenDocument readers
 * (pptx.ts, odt.ts) walk it: every element is `{ 'prefix:name': children[], ':@': attributes }`,
 * text is `{ '#text': … }`, and order is the document's. Prefixes stay (a slide id has both
 * `id` and `r:id`); elements are matched by their local name.
 */
export type OrderedNode = Record<string, unknown>;

// parseTagValue off: a cell or paragraph reading `1.10` or `007` must stay that text, not become a number.
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false });

export function parseOrderedXml(text: string): OrderedNode[] {
  return parser.parse(text) as OrderedNode[];
}

/** The element's name without its namespace prefix (`a:t` → `t`); undefined for text. */
export function localName(node: OrderedNode): string | undefined {
  const key = elementKey(node);
  return key === undefined ? undefined : key.slice(key.indexOf(':') + 1);
}

export function childrenOf(node: OrderedNode): OrderedNode[] {
  const key = elementKey(node);
  const value = key ? node[key] : undefined;
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
}

/** Attributes by their full names (`text:outline-level`, `r:id`). */
export function attributesOf(node: OrderedNode): Record<string, unknown> {
  return (node[':@'] ?? {}) as Record<string, unknown>;
}

function elementKey(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}
