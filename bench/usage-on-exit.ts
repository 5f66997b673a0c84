/**
 * Preloaded into a real `kb` CLI process by the scale bench (`node --import <this> kb.js …`):
 * at exit, writes the process's own CPU time and peak RSS (all its threads: the prepare
 * workers are threads of it) to $KB_BENCH_USAGE_FILE. Node gives no resource usage of a
 * child process, and /usr/bin/time is not on every machine.
 */
import fs from 'node:fs';

const file = process.env.KB_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ userMs: usage.userCPUTime / 1000, sysMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS }));
  });
}
