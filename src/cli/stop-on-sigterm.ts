/**
 * A service manager (or `kill`) stops a long-running command with SIGTERM; it gets what Ctrl-C
 * gets (work in flight stops at its safe point, exit 130). Only the first one: the listener is
 * gone after it, so a second SIGTERM kills at once — and the next kb command recovers.
 */
export function stopOnSigterm(interrupt: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const terminate = new AbortController();
  const onTerm = (): void => terminate.abort();
  process.once('SIGTERM', onTerm);
  return {
    signal: interrupt ? AbortSignal.any([interrupt, terminate.signal]) : terminate.signal,
    dispose: () => process.off('SIGTERM', onTerm),
  };
}
