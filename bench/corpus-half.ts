import { createHash } from 'node:crypto';

/**
 * The fixed split of the PostgreSQL pages (issue 17), the one concept-quality.ts applies: a
 * page whose file name's sha1 starts with a hex digit below 8 is in the tuning half, else in the
 * test half. Kept apart so a bench can use it without running concept-quality's main.
 */
export function halfOf(fileName: string): 'tuning' | 'test' {
  return parseInt(createHash('sha1').update(fileName).digest('hex')[0]!, 16) < 8 ? 'tuning' : 'test';
}
