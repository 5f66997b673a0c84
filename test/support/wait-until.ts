/**
 * Polls `done` until it is true or `timeoutMs` passes; the caller asserts afterwards, so a
 * timeout fails with the test's own message. For things a busy machine may make slow (a
 * worker thread loading its modules): a fixed sleep long enough for an idle machine is not.
 */
export async function waitUntil(done: () => boolean, timeoutMs = 15_000, pollMs = 50): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !done() && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
