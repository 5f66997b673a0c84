import { fsyncPath } from './fsync-path.js';
import { ExitCode, KbError } from './errors.js';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

// Why not a library: the packages that fsync (fs-extra, write-file-atomic, graceful-fs) do it
// one file at a time, or asynchronously, and applyChangeset must stay one uninterrupted run
// of this thread (no await between its journal, its renames and its SQLite transaction).
// Getting the journal to join 20 fsyncs into one needs them in flight together, hence the
// helper thread that runs them on libuv's pool while this thread sleeps in Atomics.wait:
// a pattern in 100 lines, not something a package offers.

/**
 * Below this many paths, and until the helper thread runs, the paths are fsynced one after
 * the other on this thread: the helper's start (once per process, ~30 ms) pays off only for a
 * command that commits much, and such a command soon has a commit this large.
 */
const HELPER_START_MIN = 4;

/** Longer than any sane fsync; a helper that never answers must not hang a commit forever. */
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * The helper thread: fsyncs the paths it is sent all at once, through libuv's thread pool,
 * then answers on its port and wakes the caller, which sleeps in Atomics.wait meanwhile.
 */
const HELPER_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const fsyncPath = (file) => new Promise((resolve, reject) => {
  fs.open(file, 'r', (openError, fd) => {
    if (openError) return reject(Object.assign(openError, { file }));
    fs.fsync(fd, (syncError) => fs.close(fd, () => (syncError ? reject(Object.assign(syncError, { file })) : resolve())));
  });
});
parentPort.on('message', async ({ id, paths, done }) => {
  const results = await Promise.allSettled(paths.map(fsyncPath));
  const failure = results.find((r) => r.status === 'rejected');
  workerData.replies.postMessage(failure ? { id, error: { message: failure.reason.message, code: failure.reason.code, file: failure.reason.file } } : { id, ok: true });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

interface Helper {
  worker: Worker;
  /** Where the helper's answers arrive; read synchronously with receiveMessageOnPort. */
  answers: MessagePort;
}

let helper: Helper | undefined;
let lastRequest = 0;

type Answer = { id: number } & ({ ok: true } | { error: { message: string; code?: string; file: string } });

/**
 * fsyncs every path (files or directories), all at once, and returns when all are on disk —
 * synchronously, so a commit stays one uninterrupted run of this thread. ext4 and most
 * journaling file systems join concurrent fsyncs into one journal commit and one cache flush:
 * the 20-odd pages of a commit cost about one fsync's latency instead of twenty.
 * Throws the first failure (an Error with code and path), like fs.fsyncSync would. A round
 * given to the helper gives up after `timeoutMs` with FSYNC_TIMEOUT (exit 1: a stuck disk or
 * network mount is not a bug in kb, and must not hang it forever); the few paths fsynced on
 * this thread have no such limit.
 */
export function fsyncAll(paths: readonly string[], options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (paths.length < 2 || (paths.length < HELPER_START_MIN && !helper)) {
    for (const file of paths) fsyncPath(file);
    return;
  }
  const { worker, answers } = startHelper();
  const id = ++lastRequest;
  const done = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ id, paths, done });
  if (Atomics.wait(done, 0, 0, timeoutMs) === 'timed-out') {
    // The helper stays: only this request is stuck (in libuv's thread pool), and its answer,
    // should it come, is skipped by the next caller.
    throw new KbError('FSYNC_TIMEOUT', ExitCode.someFailed, `fsync of ${paths.length} files did not finish in ${timeoutMs / 1000} s`, {
      hint: 'the disk or mount holding the knowledge base is not answering; check it, then retry',
    });
  }
  // A request that timed out may have been answered late: skip to this one's answer.
  let answer: Answer | undefined;
  do answer = receiveMessageOnPort(answers)?.message as Answer | undefined;
  while (answer && answer.id !== id);
  if (!answer) throw new Error('the fsync helper thread gave no answer');
  if ('error' in answer) {
    throw Object.assign(new Error(`fsync ${answer.error.file}: ${answer.error.message}`), { code: answer.error.code, path: answer.error.file });
  }
}

function startHelper(): Helper {
  if (helper) return helper;
  const { port1: answers, port2: replies } = new MessageChannel();
  const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { replies }, transferList: [replies] });
  // Neither the thread nor its port may keep a finished command alive.
  worker.unref();
  answers.unref();
  worker.on('error', () => {
    helper = undefined;
  });
  worker.on('exit', () => {
    helper = undefined;
  });
  helper = { worker, answers };
  return helper;
}
