import { describe, expect, it } from 'vitest';
import { NameReservations, sanitizeDocName } from '../src/prepare/doc-name.js';

describe('sanitizeDocName', () => {
  it.each([
    ['Annual Report 2024', 'annual-report-2024'],
    ['..', 'document'],
    ['../../etc/passwd', 'etc-passwd'],
    ['a/b\\c', 'a-b-c'],
    ['.hidden', 'hidden'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['Café déjà vu', 'café-déjà-vu'],
    ['日本語の文書', '日本語の文書'],
    ['naïve 🚀 rocket', 'naïve-rocket'],
    ['---', 'document'],
    ['snake_case_name', 'snake_case_name'],
  ])('%j → %j', (stem, name) => {
    expect(sanitizeDocName(stem)).toBe(name);
  });

  it('bounds the length and never ends in a separator', () => {
    const name = sanitizeDocName('x'.repeat(79) + ' tail');
    expect(Array.from(name).length).toBeLessThanOrEqual(80);
    expect(name).not.toMatch(/[-_]$/);
  });

  it('never yields a path separator or a dot-dot', () => {
    for (const stem of ['..', '.', '/', '\\', 'a/../b', '..\\..', '\u0000x']) {
      const name = sanitizeDocName(stem);
      expect(name).not.toMatch(/[\\/]|\.\./);
      expect(name.length).toBeGreaterThan(0);
    }
  });
});

describe('NameReservations', () => {
  it('gives repeated stems -2, -3 in the order asked, skipping names already taken', () => {
    const names = new NameReservations(['report', 'report-3']);
    expect(['Report', 'report', 'notes', 'REPORT'].map((s) => names.reserve(s))).toEqual(['report-2', 'report-4', 'notes', 'report-5']);
  });
});
