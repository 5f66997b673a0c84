import { describe, expect, it } from 'vitest';
import { freeLinkTargets, unlinkTargets } from '../src/compile/backlinks.js';

describe('backlinks', () => {
  const text = "---\nsources:\n  - '[[summaries/anchor]]'\n---\nSee [[summaries/anchor|the anchor notes]], [[concepts/buoy]] and [[sources/own]].\n";

  it('records the pages a text links, except its own, as KB-relative paths', () => {
    expect(freeLinkTargets(text, new Set(['wiki/sources/own.md']))).toEqual(['wiki/concepts/buoy.md', 'wiki/summaries/anchor.md']);
  });

  it('turns links to removed pages into their label (or name), frontmatter included, and keeps the rest', () => {
    const out = unlinkTargets(text, new Set(['wiki/summaries/anchor.md']));
    expect(out).toBe("---\nsources:\n  - 'anchor'\n---\nSee the anchor notes, [[concepts/buoy]] and [[sources/own]].\n");
    expect(unlinkTargets(text, new Set())).toBe(text);
  });

  it("lists a removed document once in the frontmatter, though it was cited by both its source and summary page", () => {
    const saved = "---\nsources:\n  - '[[sources/anchor]]'\n  - '[[summaries/anchor]]'\n  - '[[concepts/buoy]]'\n---\n- [[sources/anchor|Anchor]]\n- [[summaries/anchor|Anchor]]\n";
    const out = unlinkTargets(saved, new Set(['wiki/sources/anchor.md', 'wiki/summaries/anchor.md']));
    expect(out).toBe("---\nsources:\n  - 'anchor'\n  - '[[concepts/buoy]]'\n---\n- Anchor\n- Anchor\n");
  });
});
