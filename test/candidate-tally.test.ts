// A long document's concept candidates are tallied in runs of units by different workers and
// merged (src/prepare/shared-tagging.ts): the merge must give what one tally of all units gives.
import { describe, expect, it } from 'vitest';
import { candidatesFromTally, collectCandidates, mergeTallies, tagUnits, tallyCandidates } from '../src/analyze/collect-candidates.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';

// Headings and sentence openings give no display vote, so some candidates' first mention in
// a run sets a fallback form; emphasis, nesting and `code` vary the weights.
const SOURCE = {
  title: 'Tide Tables',
  markdown: [
    '# Spring Tides',
    '',
    'Spring tides follow the new moon. The _harbour master_ records each spring tide in the tide table.',
    '',
    '## Harbour Master',
    '',
    'Harbour master duties include the `tide_log` and the tide table of the harbour.',
    '',
    '`tide_log` (`text`)',
    '',
    'Neap tides come between spring tides. A tide gauge measures the neap tide and the spring tide.',
    '',
    '## Tide Gauge',
    '',
    'Tide gauges need calibration. The tide gauge of the harbour master is read at dawn.',
  ].join('\n'),
  sectionTitles: ['Spring Tides', 'Harbour Master', 'Tide Gauge', 'Calibration'],
};

describe('candidate tallies merged in order', () => {
  it('give the candidates of one tally, wherever the units are cut', () => {
    const tagged = tagUnits(markdownTextUnits(SOURCE));
    const whole = collectCandidates(SOURCE, tagged);
    expect(whole.candidates.length).toBeGreaterThan(5);
    for (let cut = 0; cut <= tagged.length; cut++) {
      for (let second = cut; second <= tagged.length; second += 3) {
        const runs = [tagged.slice(0, cut), tagged.slice(cut, second), tagged.slice(second)];
        let first = 0;
        const tallies = runs.map((run) => {
          const tally = tallyCandidates(run, first);
          first += run.length;
          return tally;
        });
        const merged = tallies.reduce((into, later) => mergeTallies(into, later), new Map());
        expect(candidatesFromTally(merged, tagged), `cut at ${cut} and ${second}`).toEqual(whole);
      }
    }
  });
});
