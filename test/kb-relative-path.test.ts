import { describe, expect, it } from 'vitest';
import { assertKbRelativePath, resolveInKb } from '../src/core/kb-relative-path.js';

describe('assertKbRelativePath', () => {
  it.each(['wiki/index.md', 'raw/report.pdf', 'wiki/concepts/mvcc.md'])('accepts %s', (p) => {
    expect(assertKbRelativePath(p)).toBe(p);
  });

  it.each([
    '', '/etc/passwd', '../outside', 'wiki/../../x', 'wiki/./x', 'wiki//x', 'wiki\\x', '.kb/kb.db', 'raw', 'other/x', 'wiki/a\0b',
  ])('refuses %j', (p) => {
    expect(() => assertKbRelativePath(p)).toThrow(/refusing to write/);
  });

  it('resolves inside the root', () => {
    expect(resolveInKb('/kb', 'wiki/a/b.md')).toBe('/kb/wiki/a/b.md');
  });
});
