/**
 * A list of simple CSS selectors compiled into one test of an element (issue 19). domino's
 * selector engine runs a group of N selectors as N walks of the tree, removes duplicates with an
 * indexOf on the results and sorts them by document position; on a page of several MB that cost
 * more than parsing it. A walk of our own asks each element this test instead.
 *
 * Only the forms the converters use are accepted: `tag`, `[attr]`, `[attr="value"]`, `.class`
 * and `#id`, one per selector; anything else throws, so that a new form cannot be judged
 * differently from domino unnoticed. Each is judged as domino's querySelectorAll judges it:
 * - a tag by the element's localName, and its nodeName lowercased (elements in SVG or MathML
 *   keep their case; the HTML parser never gives them a prefix);
 * - an attribute by getAttribute, its value case-sensitively;
 * - a class as domino's `~=` does: a word of the class attribute between spaces (only spaces:
 *   domino does not split at tabs or newlines);
 * - an id by getAttribute('id').
 * test/never-content.test.ts compares it with domino's engine on every selector.
 */
export type ElementTest = (element: Element) => boolean;

const TAG = /^[a-z][a-z0-9-]*$/;
const ATTRIBUTE = /^\[([a-z][a-z0-9-]*)(?:="([^"\\]*)")?\]$/;
const CLASS_OR_ID = /^([.#])([A-Za-z_][\w-]*)$/;

export function compileSimpleSelectors(list: string): ElementTest {
  const tags = new Set<string>();
  /** Per attribute name: undefined when its presence matches, else the values that match. */
  const attributes = new Map<string, Set<string> | undefined>();
  const classes = new Set<string>();
  const ids = new Set<string>();
  for (const selector of list.split(',').map((part) => part.trim())) {
    let match: RegExpExecArray | null;
    if (TAG.test(selector)) tags.add(selector);
    else if ((match = ATTRIBUTE.exec(selector))) {
      const [, name, value] = match as unknown as [string, string, string | undefined];
      if (name === 'class' || name === 'id') throw new Error(`unsupported selector: ${selector}`);
      const values = attributes.get(name);
      if (value === undefined) attributes.set(name, undefined);
      else if (values || !attributes.has(name)) attributes.set(name, (values ?? new Set<string>()).add(value));
    } else if ((match = CLASS_OR_ID.exec(selector))) (match[1] === '.' ? classes : ids).add(match[2]!);
    else throw new Error(`unsupported selector: ${selector}`);
  }
  const attributeTests = [...attributes];
  return (element) => {
    const name = element.localName;
    if (tags.has(name) && element.nodeName.toLowerCase() === name) return true;
    // Most elements of a page have no attributes: no lookups for them.
    if (!element.hasAttributes()) return false;
    for (const [attribute, values] of attributeTests) {
      const value = element.getAttribute(attribute);
      if (value !== null && (values === undefined || values.has(value))) return true;
    }
    if (ids.size > 0 && ids.has(element.getAttribute('id') as string)) return true;
    if (classes.size > 0) {
      const classNames = element.getAttribute('class');
      if (classNames !== null) for (const word of classNames.split(' ')) if (classes.has(word)) return true;
    }
    return false;
  };
}

/** The first element of `top`'s tree, `top` included, in document order, that `test` matches: querySelector without the selector engine. */
export function firstElementWhere(top: Element, test: ElementTest): Element | undefined {
  for (let element: Element | null = top; element; ) {
    if (test(element)) return element;
    let next: Element | null = element.firstElementChild;
    for (let above: Element | null = element; !next && above && above !== top; above = above.parentElement) next = above.nextElementSibling;
    element = next;
  }
  return undefined;
}
