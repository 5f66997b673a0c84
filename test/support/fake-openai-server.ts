import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A scripted stand-in for an OpenAI-compatible endpoint: a real HTTP server on 127.0.0.1
 * that speaks POST /v1/chat/completions (and /chat/completions). Only the model's answers
 * are fake; the SDK, HTTP, timeouts and retries in kb are the real ones.
 */
export type ScriptedAnswer =
  | { kind: 'ok'; json?: unknown }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'malformed'; content?: string };

export interface ScriptEntry {
  answer: ScriptedAnswer;
  /** Only a request whose user message contains this text takes the entry. */
  match?: string;
}

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; messages?: { role: string; content: string }[]; response_format?: { type: string } };
  /** The user message (the document part or the digests to merge). */
  user: string;
  system: string;
  /** Characters of all messages together, for budget checks (tokens ≈ chars / 4). */
  chars: number;
}

export interface FakeOpenAiServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queue answers; requests take the first entry that matches them, else `fallback`. */
  script: (...entries: ScriptEntry[]) => void;
  /** The answer when no entry matches: by default a valid analysis naming the document. */
  fallback: (request: RecordedRequest) => unknown;
  close: () => Promise<void>;
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: ScriptEntry[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const fake: Omit<FakeOpenAiServer, 'baseUrl' | 'close'> = {
    requests,
    script: (...entries) => queue.push(...entries),
    fallback: defaultAnswer,
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (s: string) => (raw += s));
    req.on('end', () => {
      if (req.method !== 'POST' || !['/v1/chat/completions', '/chat/completions'].includes(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest['body'];
      const messages = body.messages ?? [];
      const request: RecordedRequest = {
        path: req.url ?? '',
        headers: req.headers,
        body,
        user: messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n'),
        system: messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n'),
        chars: messages.reduce((sum, m) => sum + m.content.length, 0),
      };
      requests.push(request);
      const at = queue.findIndex((e) => e.match === undefined || request.user.includes(e.match));
      const answer: ScriptedAnswer = at >= 0 ? queue.splice(at, 1)[0]!.answer : { kind: 'ok' };
      respond(res, answer, () => fake.fallback(request), body.model ?? 'fake');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function respond(res: http.ServerResponse, answer: ScriptedAnswer, fallback: () => unknown, model: string): void {
  switch (answer.kind) {
    case 'hang':
      return; // never answers: the client's timeout has to fire
    case 'status':
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) }).end(JSON.stringify({ error: { message: `scripted ${answer.status}`, type: 'server_error' } }));
      return;
    case 'malformed':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(answer.content ?? '{"description": "cut off', model)));
    case 'ok':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(JSON.stringify(answer.json ?? fallback()), model)));
  }
}

function completion(content: string, model: string): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

/** A valid analysis derived from the prompt, so every document gets a distinct summary. */
export function defaultAnswer(request: RecordedRequest): unknown {
  const title = /"([^"]*)"/.exec(request.user)?.[1] ?? 'document';
  const kind = request.user.startsWith('This is part') ? 'part' : request.user.startsWith('Below are analyses') ? 'merge' : 'whole';
  return {
    title: `${title} (${kind})`,
    description: `A ${kind} analysis of ${title}.`,
    keyPoints: [`${title} is about harbours.`, `It was analysed as a ${kind}.`],
    concepts: [
      { name: 'Harbour Pilots', importance: 8, statement: `Harbour pilots guide ships in ${title}.` },
      { name: 'tide tables', importance: 5, statement: 'Tide tables predict water levels.' },
    ],
    entities: [{ name: 'Port Authority', type: 'organization', statement: 'The Port Authority runs the harbour.' }],
  };
}
