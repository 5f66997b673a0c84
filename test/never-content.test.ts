// Issue 19: what is never content is removed by one walk of the tree with a compiled test of
// the selector lists (src/prepare/converters/html-never-content.ts), no longer by domino's
// selector engine, which cost more than parsing a long page. The walk must remove exactly what
// the engine's querySelectorAll removed: compared here on pages that hold every selector of the
// lists and near misses of each, and on seeded random pages.
import { describe, expect, it } from 'vitest';
import { CHROME, CONTENT_ROOT, NEVER_CONTENT, dropNonContent, isDroppedElement } from '../src/prepare/converters/html-never-content.js';
import { contentRoot, parseHtml } from '../src/prepare/converters/html-to-markdown.js';
import { compileSimpleSelectors } from '../src/prepare/converters/simple-selectors.js';

/** The removal as it was, with domino's selector engine: the reference. */
function dropNonContentBySelectors(root: Element): string | undefined {
  for (const node of root.querySelectorAll(NEVER_CONTENT)) node.remove();
  for (const node of root.querySelectorAll(CHROME)) if (!node.parentElement?.closest(CONTENT_ROOT)) node.remove();
  const h1 = root.querySelector('h1');
  return h1 ? (h1.textContent ?? '').replace(/\s+/g, ' ').trim() : undefined;
}

function isDroppedBySelectors(element: Element): boolean {
  return element.matches(NEVER_CONTENT) || (element.matches(CHROME) && !element.parentElement?.closest(CONTENT_ROOT));
}

/** contentRoot as it was, with domino's selector engine. */
function contentRootBySelectors(document: Document): Element {
  const main = document.querySelector('main, [role="main"]');
  if (main) return main;
  const articles = document.querySelectorAll('article');
  return articles.length === 1 ? articles[0]! : document.body;
}

const SELECTORS = NEVER_CONTENT.split(',');

/** An element each selector of the lists matches, and near misses that none does. */
function coveragePage(): string {
  const matching = SELECTORS.map((selector, i) => {
    const text = `kept? ${i} <b>bold</b><h1>Heading inside ${selector}</h1>`;
    if (/^[a-z]+$/.test(selector)) return `<div>${i}<${selector}>${text}</${selector}></div>`;
    if (selector.startsWith('[')) return `<div ${selector.slice(1, -1)}>${text}</div>`;
    if (selector.startsWith('.')) return `<p class="first ${selector.slice(1)} last">${text}</p><p class="${selector.slice(1)}">${text}</p>`;
    return `<section id="${selector.slice(1)}">${text}</section>`;
  });
  const misses = [
    '<div class="toc2">toc2</div>', '<div class="my-toc">my-toc</div>', '<div class="a\ttoc">tab toc</div>', '<div class="TOC">TOC</div>',
    '<div class="">empty class</div>', '<div id="TOC">id TOC</div>', '<div id="toc ">id with space</div>', '<div aria-hidden="false">aria false</div>',
    '<div aria-hidden="TRUE">aria TRUE</div>', '<div role="Navigation">role case</div>', '<div role="navigation menu">two roles</div>',
    '<div HIDDEN>upper-case attribute</div>', '<div data-hidden="">data-hidden</div>', '<navbar>navbar tag</navbar>', '<headers>headers tag</headers>',
    '<math><mi>x</mi><style>math style</style><script>math script</script></math>', '<svg><title>svg title</title><foreignObject><p>in svg</p></foreignObject></svg>',
    '<template><h1>template h1</h1><nav>template nav</nav></template>', '<p>after <input value="x"> the input</p>',
  ];
  const chrome = [
    '<header><h1>Site header h1</h1><header>inner header</header></header>', '<footer>page footer <footer>inner</footer></footer>',
    '<article><header><h1>Article title</h1><nav>article nav</nav></header><p>body</p><footer>article footer</footer></article>',
    '<div role="main"><header>role main header</header></div>', '<main><div><footer>main footer</footer></div></main>',
    '<div role="MAIN"><header>role MAIN header</header></div>', '<section><header>section header</header></section>',
  ];
  return `<!doctype html><html><head><title>Coverage</title><style>p{}</style></head><body>${chrome.join('')}${matching.join('\n')}${misses.join('\n')}<h1>First <span hidden>hidden</span> kept   h1</h1></body></html>`;
}

const TAGS = ['div', 'p', 'span', 'section', 'article', 'main', 'header', 'footer', 'h1', 'ul', 'li', 'table', 'td', 'pre', 'a', 'b', ...SELECTORS.filter((s) => /^[a-z]+$/.test(s))];
const ATTRIBUTES = [
  'hidden', 'aria-hidden="true"', 'aria-hidden="false"', 'role="navigation"', 'role="banner"', 'role="contentinfo"', 'role="complementary"',
  'role="search"', 'role="main"', 'role="note"', 'id="toc"', 'id="main"', 'class="toc"', 'class="navbar wide"', 'class="x breadcrumb"',
  'class="breadcrumbs"', 'class="navheader"', 'class="navfooter"', 'class="skip-link"', 'class="toc-entry"', 'class="a\nnavbar"', 'class=""', 'title="t"',
];

/** A seeded random page: random nesting of the tags of the lists and plain ones, random attributes of the lists and near misses. */
function randomPage(seed: number): string {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
  const node = (depth: number): string => {
    if (depth > 6 || random(4) === 0) return ['text ', ' ', 'word <i>it</i> ', '\n'][random(4)]!;
    const tag = TAGS[random(TAGS.length)]!;
    const attributes = Array.from({ length: random(3) }, () => ATTRIBUTES[random(ATTRIBUTES.length)]);
    const children = Array.from({ length: random(5) }, () => node(depth + 1)).join('');
    return `<${tag} ${attributes.join(' ')}>${tag === 'h1' ? `Title ${random(100)} ` : ''}${children}</${tag}>`;
  };
  return `<html><head><title>Random ${seed}</title></head><body>${Array.from({ length: 12 }, () => node(0)).join('')}</body></html>`;
}

/** Removes with both, from a fresh parse each, under the root `pick` chooses; the trees left and the <h1> must be the same. */
function expectSameRemoval(html: string, pick: (document: Document) => Element): void {
  const reference = parseHtml(html);
  const walked = parseHtml(html);
  const referenceRoot = pick(reference);
  const walkedRoot = pick(walked);
  // Judged before any removal, on the elements as parsed.
  const elements = [...walked.querySelectorAll('*')];
  expect(elements.map((element) => isDroppedElement(element))).toEqual([...reference.querySelectorAll('*')].map((element) => isDroppedBySelectors(element)));
  expect(dropNonContent(walkedRoot)).toBe(dropNonContentBySelectors(referenceRoot));
  expect(walkedRoot.outerHTML).toBe(referenceRoot.outerHTML);
  expect(walked.documentElement.outerHTML).toBe(reference.documentElement.outerHTML);
}

/** The content root's copy, detached, holding its children: as a chunk of a long page is converted. */
function detachedCopy(document: Document): Element {
  const root = contentRoot(document);
  const copy = root.cloneNode(false) as Element;
  while (root.firstChild) copy.appendChild(root.firstChild);
  return copy;
}

describe('removing what is never content', () => {
  it('matches every selector of the lists, as domino does', () => {
    const document = parseHtml(coveragePage());
    for (const selector of [...SELECTORS, ...CHROME.split(','), ...CONTENT_ROOT.split(',')]) {
      const test = compileSimpleSelectors(selector);
      const all = [...document.querySelectorAll('*')];
      // In a group, as in the lists: alone, `.toc` takes domino's getElementsByClassName, which splits at any whitespace.
      const found = [...document.querySelectorAll(`${selector.trim()},x-none`)].map((element) => all.indexOf(element));
      expect(found.length, selector).toBeGreaterThan(0);
      expect(all.flatMap((element, i) => (test(element) ? [i] : [])), selector).toEqual(found);
    }
  });

  it('removes what the selector engine removed, from a page with every selector and near misses', () => {
    const html = coveragePage();
    expectSameRemoval(html, (document) => document.body);
    expectSameRemoval(html, (document) => document.documentElement);
    expectSameRemoval(html, (document) => document.querySelector('article')!);
    expectSameRemoval(html, detachedCopy);
  });

  it('removes what the selector engine removed, from seeded random pages', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const html = randomPage(seed);
      expectSameRemoval(html, (document) => document.body);
      expectSameRemoval(html, contentRoot);
      if (seed % 3 === 0) expectSameRemoval(html, detachedCopy);
    }
  });

  it('finds the content root the selector engine found', () => {
    const pages = [coveragePage(), '<html role="main"><body><main>m</main></body></html>', '<p>fragment</p>', '<article>one</article><div role="main">x</div>'];
    for (let seed = 1; seed <= 200; seed++) pages.push(randomPage(seed));
    let mains = 0;
    for (const html of pages) {
      const document = parseHtml(html);
      const all = [...document.querySelectorAll('*')];
      const found = contentRoot(document);
      if (found.localName === 'main' || found.getAttribute('role') === 'main') mains++;
      expect(all.indexOf(found)).toBe(all.indexOf(contentRootBySelectors(document)));
    }
    expect(mains).toBeGreaterThan(50);
  });

  it('refuses a selector it cannot judge as domino does', () => {
    for (const selector of ['div p', 'div > p', 'a:first-child', '[href^="x"]', 'p.note', '*', '[class="toc"]', 'Div']) {
      expect(() => compileSimpleSelectors(selector), selector).toThrow(/unsupported selector/);
    }
  });
});
