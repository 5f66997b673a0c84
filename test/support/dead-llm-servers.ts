import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/**
 * Two LLM endpoints that are not there, on 127.0.0.1, for a test file: `refused`, a port
 * nobody listens on (connecting is refused), and `silent`, a server that accepts
 * connections and never says a word.
 */
export function useDeadLlmServers(): { refusedUrl: () => string; silentUrl: () => string; silentRequests: () => number } {
  const sockets: net.Socket[] = [];
  let requests = 0;
  // Counts connections that carry a request: undici opens a spare connection or two after an abort.
  const silent = net.createServer((socket) => {
    sockets.push(socket);
    socket.once('data', () => requests++);
  });
  let silentUrl = '';
  let refusedUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/v1`;
    // A port that was just free: nothing listens there now.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    refusedUrl = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}/v1`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  return { refusedUrl: () => refusedUrl, silentUrl: () => silentUrl, silentRequests: () => requests };
}
