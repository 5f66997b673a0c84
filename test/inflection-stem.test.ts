// The offline answer matches words through the inflectional steps of the stemmer the search
// index uses (SQLite FTS5's porter tokenizer): the examples are Porter's own (1980 paper) for
// those steps, and the inflections a question and a page differ by.
import { describe, expect, it } from 'vitest';
import { inflectionStem } from '../src/analyze/inflection-stem.js';

describe('inflectionStem', () => {
  it('gives the stems of Porter’s examples for plurals, -ed, -ing, -y and a final -e', () => {
    const examples: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat',
      feed: 'feed', agreed: 'agre', plastered: 'plaster', bled: 'bled', motoring: 'motor', sing: 'sing',
      conflated: 'conflat', troubled: 'troubl', sized: 'size', hopping: 'hop', tanned: 'tan', falling: 'fall',
      hissing: 'hiss', fizzed: 'fizz', failing: 'fail', filing: 'file', happy: 'happi', sky: 'sky',
      probate: 'probat', rate: 'rate', cease: 'ceas',
    };
    for (const [word, stem] of Object.entries(examples)) expect(inflectionStem(word), word).toBe(stem);
  });

  it('gives a question’s word and a page’s inflection of it one stem', () => {
    for (const group of [['close', 'closes', 'closing', 'closed'], ['library', 'libraries'], ['feed', 'feeding', 'feeds'], ['index', 'indexes'], ['use', 'using', 'used'], ['write', 'writing']]) {
      expect(new Set(group.map(inflectionStem)), group.join(' ')).toHaveProperty('size', 1);
    }
  });

  it('keeps apart words that differ by more than an inflection', () => {
    expect(inflectionStem('decorator')).not.toBe(inflectionStem('decoration'));
    expect(inflectionStem('general')).not.toBe(inflectionStem('generate'));
  });

  it('leaves alone short words, capitals, digits and letters outside ASCII, as FTS5 does', () => {
    for (const word of ['is', 'GiB', 'utf8', 'größe', 'café']) expect(inflectionStem(word)).toBe(word);
  });
});
