import { compileSimpleSelectors } from './simple-selectors.js';

// Never content: code, styling, embedded objects, controls, and navigation by tag, role or
// the class names of common generators (DocBook's navheader/navfooter, "toc", breadcrumbs).
export const NEVER_CONTENT = [
  'script', 'style', 'noscript', 'template', 'link', 'meta', 'iframe', 'object', 'embed', 'svg', 'canvas',
  'form', 'button', 'select', 'input', 'textarea', 'nav', 'aside', '[hidden]', '[aria-hidden="true"]',
  '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="complementary"]', '[role="search"]',
  '.navheader', '.navfooter', '.navbar', '.breadcrumb', '.breadcrumbs', '.toc', '#toc', '.skip-link',
].join(',');
// A page's header and footer are site chrome; an article's own header holds its title.
export const CHROME = 'header, footer';
export const CONTENT_ROOT = 'main, [role="main"], article';

const isNeverContent = compileSimpleSelectors(NEVER_CONTENT);
const isChrome = compileSimpleSelectors(CHROME);
const isContentRoot = compileSimpleSelectors(CONTENT_ROOT);

/**
 * Removes what is never content from under `root` (not `root` itself), and returns the text
 * of the first <h1> left, or undefined when none is left.
 *
 * One walk of the tree in document order, which removes what the selectors match as
 * querySelectorAll(NEVER_CONTENT), then querySelectorAll(CHROME) outside a content root, then
 * querySelector('h1') would: a removed element's subtree is not visited (its matches go with it),
 * and an element's ancestors, all that the chrome test looks at, are the same either way.
 */
export function dropNonContent(root: Element): string | undefined {
  let h1: Element | undefined;
  // inContent.at(-1): whether the element whose children are walked is in a content root.
  const inContent = [hasContentRootFrom(root)];
  let parent = root;
  let element = root.firstElementChild;
  for (;;) {
    while (!element) {
      if (parent === root) return h1 ? collapseWhitespace(h1.textContent ?? '') : undefined;
      element = parent.nextElementSibling;
      parent = parent.parentElement!;
      inContent.pop();
    }
    const next = element.nextElementSibling;
    if (isNeverContent(element) || (isChrome(element) && !inContent.at(-1))) {
      element.remove();
      element = next;
      continue;
    }
    if (!h1 && element.localName === 'h1') h1 = element;
    const child = element.firstElementChild;
    if (child) {
      inContent.push(inContent.at(-1)! || isContentRoot(element));
      parent = element;
      element = child;
    } else {
      element = next;
    }
  }
}

/** Whether dropNonContent removes this element, judged by the element and its ancestors as they are now. */
export function isDroppedElement(element: Element): boolean {
  return isNeverContent(element) || (isChrome(element) && !(element.parentElement && hasContentRootFrom(element.parentElement)));
}

/** Whether `element` or an element above it is a content root: element.closest(CONTENT_ROOT), without domino's selector engine. */
function hasContentRootFrom(element: Element): boolean {
  for (let node: Node | null = element; node !== null && node.nodeType === 1; node = node.parentElement ?? node.parentNode) {
    if (isContentRoot(node as Element)) return true;
  }
  return false;
}

/** Whitespace runs as one space, trimmed: how a title is read from text. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
