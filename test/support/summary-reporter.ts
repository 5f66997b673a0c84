import type { Reporter } from 'vitest/reporters';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

/** Adds one plain closing line, "tests: N passed, N failed, N skipped", that CI logs can read. */
export default class SummaryReporter implements Reporter {
  onFinished(files: readonly Task[] = []): void {
    const counts = { pass: 0, fail: 0, skip: 0 };
    const visit = (task: Task): void => {
      if (task.type === 'test') {
        const state = task.result?.state;
        if (state === 'pass') counts.pass++;
        else if (state === 'fail') counts.fail++;
        else counts.skip++;
      }
      task.tasks?.forEach(visit);
    };
    files.forEach(visit);
    process.stdout.write(`\ntests: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped\n`);
  }
}
