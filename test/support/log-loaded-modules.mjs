// `node --import ./log-loaded-modules.mjs <script>`: appends the URL of every ES module the
// script loads to the file named by $KB_TEST_MODULE_LOG, one a line (test/cli-start-up.test.ts).
// A loader hook, so it sees static and dynamic imports alike, as node resolves them.
import { register } from 'node:module';

const hook = `
import fs from 'node:fs';
export async function load(url, context, next) {
  fs.appendFileSync(${JSON.stringify(process.env.KB_TEST_MODULE_LOG ?? '/dev/null')}, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
