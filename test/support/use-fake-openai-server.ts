import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server.js';

/**
 * One fake OpenAI server for a test file: started before its tests, closed after them; each
 * test starts with no scripted answers and no recorded requests. (Apart from
 * fake-openai-server.ts, which the LLM bench runs outside vitest.)
 */
export function useFakeOpenAiServer(): () => FakeOpenAiServer {
  let server: FakeOpenAiServer | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.unscript();
    server?.requests.splice(0);
  });
  return () => {
    if (!server) throw new Error('the fake OpenAI server is used before beforeAll started it');
    return server;
  };
}
