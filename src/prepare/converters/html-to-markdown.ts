import { createDocument } from '@mixmark-io/domino';
import TurndownService from 'turndown';
import { collapseWhitespace as collapse, dropNonContent } from './html-never-content.js';
import { addTableRules } from './html-table-rule.js';
import { compileSimpleSelectors, firstElementWhere } from './simple-selectors.js';

const isMain = compileSimpleSelectors('main, [role="main"]');
const ABSOLUTE_URL = /^(?:https?|mailto|ftp):/i;

const service = createService();

export interface HtmlMarkdown {
  markdown: string;
  /** From <title>, else the first <h1>; undefined when the page has neither. */
  title: string | undefined;
}

/** The main content of an HTML page or fragment as Markdown. */
export function htmlToMarkdown(html: string): HtmlMarkdown {
  const document = parseHtml(html);
  // Before the drops: a page without a <title> in its head may have one in an <svg>.
  const pageTitle = pageTitleOf(document);
  const root = contentRoot(document);
  const h1 = dropNonContent(root);
  const markdown = turndownElement(root).trim();
  return { markdown, title: specificTitle(pageTitle, h1 ?? '') };
}

/**
 * domino parses like a browser (HTML5 tree construction), so fragments and pages with
 * missing <html>/<body> tags keep all their content.
 */
export function parseHtml(html: string): Document {
  return createDocument(html);
}

/** The page's <title>, whitespace collapsed ('' without one). */
export function pageTitleOf(document: Document): string {
  return collapse(document.querySelector('title')?.textContent ?? '');
}

/** Markdown of an element's children, trimmed as turndown trims (leading newlines, trailing whitespace). */
export function turndownElement(element: Element): string {
  return service.turndown(element as HTMLElement);
}

/**
 * The <title> unless the <h1> says the same without the site's name: "Logical Operators -
 * PostgreSQL 17 Documentation" with an <h1> "Logical Operators" is titled by the <h1>. Only
 * a trailing " - Site", " | Site", " — Site" or " :: Site" part goes, and only when the rest
 * equals the <h1>, so each document decides alone.
 */
export function specificTitle(pageTitle: string, h1: string): string | undefined {
  if (pageTitle && h1) {
    const parts = pageTitle.split(/\s+(?:[-|—–]|::)\s+/);
    for (let n = parts.length - 1; n >= 1; n--) {
      if (parts.slice(0, n).join(' ').toLowerCase() === h1.replace(/\s+[-|—–]\s+/g, ' ').toLowerCase()) return h1;
    }
  }
  return pageTitle || h1 || undefined;
}

export function contentRoot(document: Document): Element {
  // document.querySelector('main, [role="main"]') is two walks of the page, an indexOf per match and a sort.
  const main = firstElementWhere(document.documentElement, isMain);
  if (main) return main;
  const articles = document.querySelectorAll('article');
  return articles.length === 1 ? articles[0]! : document.body;
}

function createService(): TurndownService {
  const td = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    strongDelimiter: '**',
    hr: '---',
  });
  // Turndown escapes every underscore; identifiers like pg_type are common and not emphasis.
  const escape = td.escape.bind(td);
  // Most text has no underscore: the look-behind regex is skipped for it (called on every text node).
  td.escape = (text) => {
    const escaped = escape(text);
    return escaped.includes('\\_') ? escaped.replace(/(?<=[\p{L}\p{N}])\\_(?=[\p{L}\p{N}])/gu, '_') : escaped;
  };
  td.addRule('preformatted', {
    filter: 'pre',
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const code = element.textContent?.replace(/^\n|\n\s*$/g, '') ?? '';
      const language = /(?:^|\s)(?:language|lang)-([\w+#-]+)/.exec(
        `${element.className} ${element.querySelector('code')?.className ?? ''}`,
      )?.[1];
      const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      return `\n\n${fence}${language ?? ''}\n${code}\n${fence}\n\n`;
    },
  });
  // Relative links and images point into a site that is not in the KB: keep only their text.
  td.addRule('link', {
    filter: 'a',
    replacement: (content, node) => {
      const href = (node as HTMLElement).getAttribute('href') ?? '';
      const text = content.trim();
      return text && ABSOLUTE_URL.test(href) ? `[${text}](${href.replace(/[()\s]/g, encodeURIComponent)})` : content;
    },
  });
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const alt = collapse(element.getAttribute('alt') ?? '').replace(/[[\]]/g, '');
      const src = element.getAttribute('src') ?? '';
      return /^https?:/i.test(src) ? `![${alt}](${src.replace(/[()\s]/g, encodeURIComponent)})` : alt;
    },
  });
  addTableRules(td);
  return td;
}
