// kb lint tells the CLI each step as it starts (its progress line: the checks read every page,
// 20 s at 100,000 documents). A real KB in a temp dir.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLint } from '../src/commands/lint.js';
import { makeTempKb } from './support/temp-kb.js';

const kbs: ReturnType<typeof makeTempKb>[] = [];
afterEach(() => {
  for (const k of kbs.splice(0)) k.close();
});

describe('kb lint steps', () => {
  it('checks, then writes its report; with --fix, fixes and checks again', async () => {
    const k = makeTempKb();
    kbs.push(k);
    const steps: string[] = [];
    const result = await runLint(k.ctx, { fix: false, onStep: (step) => steps.push(step) });
    expect(result.report).not.toBeNull();
    expect(steps).toEqual(['checking the pages of 0 documents', 'writing the report']);
    // An index that says the wrong thing: --fix rewrites it, then checks again.
    fs.writeFileSync(path.join(k.root, 'wiki', 'index.md'), '# Index\n\n- [[sources/nowhere]]\n');
    steps.length = 0;
    const fixed = await runLint(k.ctx, { fix: true, onStep: (step) => steps.push(step) });
    expect(fixed.fixed).not.toEqual([]);
    expect(steps).toEqual(['checking the pages of 0 documents', 'fixing', 'checking the pages of 0 documents', 'writing the report']);
  });
});
