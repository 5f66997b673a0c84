import { Worker } from 'node:worker_threads';

export class WorkerTimeoutError extends Error {}
export class WorkerCrashedError extends Error {}

interface Job<TTask, TResult> {
  task: TTask;
  timeoutMs: number;
  resolve: (result: TResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: { job: Job<unknown, unknown>; timer: NodeJS.Timeout };
}

/**
 * A fixed set of reusable worker threads running one script. Reuse matters: pdf.js and the
 * converters load once per worker, not once per file. A task that overruns its time limit
 * gets its worker terminated and replaced; a worker that dies fails only its own task.
 */
export class WorkerPool<TTask, TResult> {
  private readonly slots: Slot[] = [];
  private readonly queue: Job<TTask, TResult>[] = [];
  private closed = false;

  constructor(
    private readonly script: URL | string,
    private readonly size: number,
  ) {}

  run(task: TTask, timeoutMs: number): Promise<TResult> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<TResult>((resolve, reject) => {
      this.queue.push({ task, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const job = this.queue.shift() as Job<TTask, TResult>;
      const timer = setTimeout(() => this.fail(slot, new WorkerTimeoutError(`timed out after ${Math.round(job.timeoutMs / 1000)} s`)), job.timeoutMs);
      slot.busy = { job: job as Job<unknown, unknown>, timer };
      slot.worker.postMessage(job.task);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script) };
    slot.worker.on('message', (result: unknown) => {
      const busy = slot.busy;
      if (!busy) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      busy.job.resolve(result);
      this.pump();
    });
    slot.worker.on('error', (error) => this.fail(slot, new WorkerCrashedError(`worker crashed: ${error.message}`)));
    slot.worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.fail(slot, new WorkerCrashedError(`worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  /** Fails the slot's task, throws the worker away and lets a fresh one take its place. */
  private fail(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.job.reject(error);
    }
    void slot.worker.terminate();
    if (!this.closed) this.pump();
  }
}
