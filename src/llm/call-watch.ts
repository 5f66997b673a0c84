/**
 * The LLM calls in flight and when each last showed a sign of life (sent, or streamed a
 * piece of its answer), so a progress line can say "waiting for the model, 25 s" instead of
 * looking frozen. Calls queued behind `llm.concurrency` are not waiting for the model.
 */
export class CallWatch {
  private readonly lastSeen = new Map<number, number>();
  private next = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  begin(): { alive: () => void; end: () => void } {
    const id = this.next++;
    this.lastSeen.set(id, this.now());
    return {
      alive: () => void (this.lastSeen.has(id) && this.lastSeen.set(id, this.now())),
      end: () => void this.lastSeen.delete(id),
    };
  }

  /** How long the call that has waited longest has gone without an answer; 0 with none in flight. */
  longestWaitMs(): number {
    let oldest = Infinity;
    for (const seen of this.lastSeen.values()) oldest = Math.min(oldest, seen);
    return oldest === Infinity ? 0 : Math.max(0, this.now() - oldest);
  }
}
