// classifyPage on a page whose kb text the user edited: the notes they wrote after it are told
// apart by the sha256 of kb's last line, at the matching line nearest to where kb's text ended;
// a record from before schema 12 (no such sha256), or an edit of that line itself, leaves the
// whole page as the edited text with no notes, as before.
import { describe, expect, it } from 'vitest';
import { classifyPage, lastLineOf } from '../src/commit/live-page.js';
import { sha256 } from '../src/core/hash-file.js';
import type { PageRecord } from '../src/model/registry.js';

const KB_TEXT = '---\ntitle: Tide\n---\n# Tide\n\n- The tide turns twice a day.\n- Related: [[concepts/moon]]\n';

function recordOf(text: string, withTail = true): PageRecord {
  const bytes = Buffer.from(text, 'utf8');
  return {
    path: 'wiki/concepts/tide.md', sha256: sha256(bytes), size: bytes.length, mtime_ms: 0, body_bytes: bytes.length, body_sha256: sha256(bytes),
    ...(withTail ? { body_tail_sha256: sha256(Buffer.from(lastLineOf(text), 'utf8')) } : {}), kb_keys: 'title',
  };
}

const classify = (page: string, record: PageRecord) => classifyPage(record.path, Buffer.from(page, 'utf8'), { record: () => record, recordsComplete: () => true });

describe('classifyPage of an edited page', () => {
  it('finds the notes after kb text the user edited', () => {
    const edited = KB_TEXT.replace('twice a day', 'twice a day (mostly)');
    const page = classify(`${edited}\n## Mine\n\nThe harbour floods at spring tide.\n`, recordOf(KB_TEXT));
    expect(page).toMatchObject({ state: 'edited', kbText: edited, notes: '## Mine\n\nThe harbour floods at spring tide.\n' });
  });

  it('takes the matching line nearest to where kb text ended: a note may repeat kb last line', () => {
    const edited = KB_TEXT.replace('# Tide', '# Tide!');
    const notes = 'A copy of the last line, in my notes:\n- Related: [[concepts/moon]]\n';
    expect(classify(`${edited}\n${notes}`, recordOf(KB_TEXT))).toMatchObject({ state: 'edited', kbText: edited, notes });
  });

  it('keeps the whole page as the edit when kb last line was changed too, or the record has no last line', () => {
    const whole = `${KB_TEXT.replace('[[concepts/moon]]', '[[concepts/sun]]')}\nmy notes\n`;
    expect(classify(whole, recordOf(KB_TEXT))).toMatchObject({ state: 'edited', kbText: whole, notes: '' });
    const edited = `${KB_TEXT.replace('twice', 'two times')}\nmy notes\n`;
    expect(classify(edited, recordOf(KB_TEXT, false))).toMatchObject({ state: 'edited', kbText: edited, notes: '' });
  });
});
