/**
 * Starts `start` on the items in order, at most `window` of them started and not yet
 * consumed, and hands each result to `consume` in the items' order. Memory stays bounded by
 * the window however many items there are (Promise.all over 100,000 documents would hold
 * every task and every result at once), and the workers behind `start` stay busy as long as
 * the window is larger than their number. The first failure stops new starts; what is
 * running is awaited (no work left behind, no unhandled rejection), then that failure is thrown.
 */
export async function forEachInOrder<T, R>(
  items: readonly T[],
  window: number,
  start: (item: T, index: number) => Promise<R>,
  consume: (result: R, item: T, index: number) => void | Promise<void>,
): Promise<void> {
  const running: Promise<R>[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const launch = (): void => {
    while (!failure && next < items.length && running.length < Math.max(1, window)) {
      const index = next++;
      const started = start(items[index] as T, index);
      started.catch((error: unknown) => {
        failure ??= { error };
      });
      running.push(started);
    }
  };
  try {
    for (let index = 0; index < items.length; index++) {
      launch();
      if (failure) throw failure.error;
      const result = await (running.shift() as Promise<R>);
      await consume(result, items[index] as T, index);
    }
  } catch (error) {
    failure ??= { error };
    await Promise.allSettled(running);
    throw failure.error;
  }
}
