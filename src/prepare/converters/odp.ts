import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { attributesOf, childrenOf, localName, type OrderedNode as Node } from './ordered-xml.js';
import { inlineText, metaTitle, openOpenDocument, renderBlocks } from './opendocument.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';
import { slideSection } from './slide-section.js';

/**
 * OpenDocument presentations (LibreOffice Impress, `.odp`), read through opendocument.ts as
 * PowerPoint decks are: one section per slide (`draw:page`), in order, headed `Slide N: <title>`
 * (the title frame's text), holding the text of every other shape in the order the slide lists
 * them (lists as lists, tables as Markdown tables), and the speaker notes as a `Speaker notes`
 * subsection. The deck's title is meta.xml's, else the first slide's.
 * Lost: layout, images, charts, animations, the master pages' text (footers, slide numbers).
 */
export async function convertOdp(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const { zip, body } = await openOpenDocument(bytes, 'ODP', 'presentation');
  const pages = body.filter((node) => localName(node) === 'page');
  const parts: string[] = [];
  let firstTitle: string | undefined;
  for (const [index, page] of pages.entries()) {
    const slide = slideText(childrenOf(page));
    const section = slideSection(index + 1, slide.title, slide.body, slide.notes);
    if (section === undefined) continue;
    firstTitle ??= slide.title;
    parts.push(section);
  }
  if (parts.length === 0) throw new ConversionError('no text in ODP (its slides hold no text)');
  const markdown = `${parts.join('\n\n')}\n`;
  const title = (await metaTitle(zip, 'ODP')) ?? firstTitle ?? fileStem(input.fileName);
  return { title, markdown, sections: sectionsFromMarkdown(markdown), metadata: { slides: String(pages.length) } };
}

const TEXT_ELEMENTS = new Set(['h', 'p', 'list', 'table']);

/** A slide's title (its title frames' text), the blocks of every other shape, and its notes' blocks. */
function slideText(shapes: Node[]): { title: string | undefined; body: string[]; notes: string[] } {
  const titles: string[] = [];
  const body: string[] = [];
  const notes: string[] = [];
  const walk = (nodes: Node[], out: string[]): void => {
    for (const node of nodes) {
      const name = localName(node);
      if (!name) continue;
      if (TEXT_ELEMENTS.has(name)) renderBlocks([node], out);
      else if (name === 'notes') walk(childrenOf(node), notes);
      else if (name === 'frame' && attributesOf(node)['presentation:class'] === 'title') titles.push(...textsOf(childrenOf(node)));
      // Frames, text boxes, custom shapes, groups: their text, wherever it sits inside them.
      else walk(childrenOf(node), out);
    }
  };
  walk(shapes, body);
  return { title: titles.length > 0 ? titles.join(' ') : undefined, body, notes };
}

/** The paragraphs' text under `nodes`, as lines. */
function textsOf(nodes: Node[]): string[] {
  return nodes.flatMap((node) => (localName(node) === 'p' || localName(node) === 'h' ? [inlineText(node)] : textsOf(childrenOf(node)))).filter((text) => text !== '');
}
