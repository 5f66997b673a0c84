import { Worker } from 'node:worker_threads';
import { abandonHelp } from './abandon-help.js';

export class WorkerTimeoutError extends Error {}
export class WorkerCrashedError extends Error {}

/**
 * Messages between the pool and a worker script (see serve-worker-tasks.ts). A running task
 * may ask for help (`ask`): the pool runs that help task on another worker (`help: true` there)
 * and answers the asking worker with its result (`answer`), or with why it failed.
 */
export type ToWorker<TTask> =
  | { id: number; task: TTask; help?: true }
  | { answer: number; result: unknown }
  | { answer: number; error: string };
export type FromWorker<TResult> =
  | { id: number; started: true }
  | { id: number; result: TResult }
  | { ask: number; task: unknown };

interface Job<TTask, TResult> {
  id: number;
  task: TTask;
  /** A help task asked for by a running task: it goes to the worker's helper, not to its task runner. */
  help?: true;
  /** The worker whose task asked for this help: help queued behind that task would come too late. */
  asker?: Worker;
  timeoutMs: number;
  /** Lower runs first; equal ranks run in the order they were queued. */
  rank: number;
  /** What the caller expects the task to cost (input bytes for prepare); Infinity if unknown. */
  cost: number;
  resolve: (result: TResult) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot<TTask, TResult> {
  worker: Worker;
  /** Sent to this worker and not finished: the running one first, then the queued one. */
  jobs: Job<TTask, TResult>[];
}

/**
 * Each worker holds its running task and one more: the main thread blocks during a commit,
 * and a worker that finished meanwhile would otherwise sit idle until the commit is over.
 */
const TASKS_PER_WORKER = 2;
/**
 * Cheap tasks may queue deeper, up to this many per worker while the queued ones cost at most
 * CHEAP_QUEUE_COST together: a small text file prepares in 5–20 ms, less than one commit
 * blocks the main thread (traced on the shared corpus: each worker idled 0.7–1.6 s in gaps
 * between small files with one task queued). A big task still queues alone behind the running
 * one, so that urgent work queued later is not stuck behind it.
 */
const CHEAP_TASKS_PER_WORKER = 8;
const CHEAP_QUEUE_COST = 64 * 1024;

/**
 * A fixed set of reusable worker threads running one script. Reuse matters: PDFium and the
 * converters load once per worker, not once per file. A task that overruns its time limit
 * (counted from the moment the worker starts it) gets its worker terminated and replaced;
 * the task queued behind it goes back to the pool. A worker that dies fails only its task.
 * Queued tasks start lowest rank first, so a caller can let urgent work overtake work it
 * queued early only to keep the workers busy. *
 * Why not a pool library (piscina, workerpool, tinypool): piscina comes closest (minThreads
 * to warm up, concurrentTasksPerWorker, a pluggable task queue, niceIncrement), but none of
 * them gives a time limit counted from when the worker starts a task: an AbortSignal's timer
 * also runs while the task waits behind a commit or in the worker's second slot, so a slow
 * commit would time out files that never ran, and aborting a running task there fails the
 * task queued behind it on the same worker instead of handing it back. Nice levels are set
 * by the worker itself (thread-priority.ts, os.setPriority on the thread id) with no native
 * add-on, where piscina's niceIncrement needs the optional @napi-rs/nice binary. What is
 * left to write is this file, about 160 lines.
 */
export class WorkerPool<TTask, TResult> {
  private readonly slots: Slot<TTask, TResult>[] = [];
  private readonly queue: Job<TTask, TResult>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly script: URL | string,
    readonly size: number,
    /** Given to every worker the pool starts (worker_threads' workerData). */
    private readonly workerData?: unknown,
  ) {}

  /**
   * Starts up to `count` workers now, before any task: their start-up (loading the
   * converters, PDFium) then overlaps whatever the caller does before its first task.
   */
  warmUp(count = this.size): void {
    while (!this.closed && this.slots.length < Math.min(count, this.size)) this.spawn();
  }

  /** `cost`: a task known to be cheap may be sent to a busy worker more readily (CHEAP_QUEUE_COST). */
  run(task: TTask, timeoutMs: number, rank = 0, cost = Infinity): Promise<TResult> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<TResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, timeoutMs, rank, cost, resolve, reject });
      this.pump();
    });
  }

  /** Changes the rank of `task` (the object given to run) if it has not been sent to a worker yet. */
  rerank(task: TTask, rank: number): void {
    const job = this.queue.find((j) => j.task === task);
    if (job) job.rank = rank;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
    const slots = this.slots.splice(0);
    // Their `started` messages may still be in flight; onMessage ignores them once closed,
    // else a fresh timeout timer would keep the process alive for the whole time limit.
    for (const slot of slots) for (const job of slot.jobs.splice(0)) clearTimeout(job.timer);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.nextIndex();
      const picked = this.pickSlot(this.queue[next]!);
      if (!picked) return;
      const job = this.queue.splice(next, 1)[0]!;
      const slot = job.asker === picked.worker ? this.slots.find((s) => s !== picked && s.jobs.length < TASKS_PER_WORKER) : picked;
      if (!slot) {
        // Queued behind its asker, it would start with nothing left to help with.
        job.reject(new Error('no other worker free to help'));
        continue;
      }
      slot.jobs.push(job);
      slot.worker.postMessage({ id: job.id, task: job.task, ...(job.help ? { help: true as const } : {}) } satisfies ToWorker<TTask>);
    }
  }

  /** Where the queued job of lowest rank is, the earliest queued among equals. The queue is short. */
  private nextIndex(): number {
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const job = this.queue[i]!;
      const current = this.queue[best]!;
      if (job.rank < current.rank || (job.rank === current.rank && job.id < current.id)) best = i;
    }
    return best;
  }

  /** An idle worker, else a new one while below size, else one with room in its queue for `job`. */
  private pickSlot(job: Job<TTask, TResult>): Slot<TTask, TResult> | undefined {
    return (
      this.slots.find((s) => s.jobs.length === 0) ??
      (this.slots.length < this.size ? this.spawn() : (this.slots.find((s) => s.jobs.length < TASKS_PER_WORKER) ?? this.slots.find((s) => hasCheapRoom(s, job))))
    );
  }

  private spawn(): Slot<TTask, TResult> {
    const slot: Slot<TTask, TResult> = { worker: new Worker(this.script, { workerData: this.workerData }), jobs: [] };
    slot.worker.on('message', (message: FromWorker<TResult>) => this.onMessage(slot, message));
    slot.worker.on('error', (error) => this.fail(slot, new WorkerCrashedError(`worker crashed: ${error.message}`)));
    slot.worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.fail(slot, new WorkerCrashedError(`worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot<TTask, TResult>, message: FromWorker<TResult>): void {
    if (this.closed) return;
    if ('ask' in message) return this.help(slot, message.ask, message.task);
    const job = slot.jobs.find((j) => j.id === message.id);
    if (!job) return;
    if ('started' in message) {
      job.timer = setTimeout(() => this.fail(slot, new WorkerTimeoutError(`timed out after ${formatSeconds(job.timeoutMs)}`)), job.timeoutMs);
      return;
    }
    clearTimeout(job.timer);
    slot.jobs.splice(slot.jobs.indexOf(job), 1);
    job.resolve(message.result);
    this.pump();
  }

  /**
   * Runs a help task a worker's running task asked for, ahead of every queued task, and sends
   * the answer back to that worker if it is still alive. Help that would be queued behind its
   * asker fails at once; help may still wait behind another worker's task, so the asker must
   * not wait for help that has not started (share-work.ts claims work so that it never does).
   * Its time limit is the asker's.
   */
  private help(slot: Slot<TTask, TResult>, ask: number, task: unknown): void {
    const timeoutMs = slot.jobs[0]?.timeoutMs ?? 60_000;
    const answer = (message: ToWorker<TTask>): void => {
      if (!this.closed && this.slots.includes(slot)) slot.worker.postMessage(message);
    };
    new Promise<TResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task: task as TTask, help: true, asker: slot.worker, timeoutMs, rank: -Infinity, cost: Infinity, resolve, reject });
      this.pump();
    }).then(
      (result) => answer({ answer: ask, result }),
      (error: Error) => answer({ answer: ask, error: error.message }),
    );
  }

  /**
   * Fails the slot's running task, throws the worker away and lets a fresh one take its
   * place; tasks queued behind it go back to the front of the pool's queue.
   */
  private fail(slot: Slot<TTask, TResult>, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const [running, ...waiting] = slot.jobs;
    slot.jobs = [];
    if (running) {
      clearTimeout(running.timer);
      running.reject(error);
    }
    for (const job of waiting.reverse()) {
      clearTimeout(job.timer);
      delete job.timer;
      this.queue.unshift(job);
    }
    this.abandonHelpFor(slot.worker);
    void slot.worker.terminate();
    if (!this.closed) this.pump();
  }

  /**
   * The help `asker` asked for, now that no one waits for it: queued help is dropped, and help
   * sent to other workers finds no chunk left to claim (abandon-help.ts).
   */
  private abandonHelpFor(asker: Worker): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i]!;
      if (job.asker !== asker) continue;
      this.queue.splice(i, 1);
      abandonHelp(job.task);
      job.reject(new Error('the task that asked for this help has failed'));
    }
    for (const other of this.slots) for (const job of other.jobs) if (job.asker === asker) abandonHelp(job.task);
  }
}

/** Room behind a worker's running task for one more cheap task (see CHEAP_QUEUE_COST). */
function hasCheapRoom<TTask, TResult>(slot: Slot<TTask, TResult>, job: Job<TTask, TResult>): boolean {
  if (slot.jobs.length >= CHEAP_TASKS_PER_WORKER) return false;
  let queued = job.cost;
  for (const waiting of slot.jobs.slice(1)) queued += waiting.cost;
  return queued <= CHEAP_QUEUE_COST;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
