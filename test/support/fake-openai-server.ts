import http from 'node:http';
import { OVERVIEW_PROMPT_OPENING } from '../../src/llm/synthesize-overview.js';
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
  /** `then`, once `release` resolves: a slow model, for tests of what runs meanwhile. */
  | { kind: 'held'; release: Promise<void>; then: ScriptedAnswer }
  | { kind: 'malformed'; content?: string }
  /** A plain-text answer (the final answer of `kb query`'s agent). */
  | { kind: 'text'; content: string }
  /** Tool calls; `arguments` given as a string is sent as is (to script broken JSON). */
  | { kind: 'tools'; calls: { name: string; arguments: unknown }[] };

export interface ScriptEntry {
  answer: ScriptedAnswer;
  /** Only a request whose user message contains this text takes the entry. */
  match?: string;
}

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; messages?: { role: string; content: string | null; tool_call_id?: string }[]; response_format?: { type: string }; tools?: { type: string; function: { name: string } }[]; stream?: boolean };
  /** The tool results sent back to the model, in order. */
  toolMessages: { tool_call_id: string; content: string }[];
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
  /** Drops whatever scripted answers were not taken. */
  unscript: () => void;
  /** The answer when no entry matches: by default a valid analysis naming the document. */
  fallback: (request: RecordedRequest) => unknown;
  /** Asked for each request (numbered from 1 when it was set): an HTTP status to fail it with, whatever was scripted. */
  failRequest: ((request: RecordedRequest, n: number) => number | undefined) | undefined;
  /** Answer a request for response_format json_schema with a 400, as many local servers do. */
  refuseJsonSchema: boolean;
  close: () => Promise<void>;
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: ScriptEntry[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const fake: Omit<FakeOpenAiServer, 'baseUrl' | 'close'> = {
    requests,
    script: (...entries) => queue.push(...entries),
    unscript: () => {
      queue.splice(0);
      fake.failRequest = undefined;
      fake.refuseJsonSchema = false;
    },
    fallback: defaultAnswer,
    failRequest: undefined,
    refuseJsonSchema: false,
  };
  let counted = 0;
  let countedFor: FakeOpenAiServer['failRequest'];
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
        user: messages.filter((m) => m.role === 'user').map((m) => m.content ?? '').join('\n'),
        system: messages.filter((m) => m.role === 'system').map((m) => m.content ?? '').join('\n'),
        chars: messages.reduce((sum, m) => sum + (m.content ?? '').length, 0),
        toolMessages: messages.filter((m) => m.role === 'tool').map((m) => ({ tool_call_id: m.tool_call_id ?? '', content: m.content ?? '' })),
      };
      requests.push(request);
      if (fake.refuseJsonSchema && body.response_format?.type === 'json_schema') {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: "Invalid value for 'response_format': json_schema is not supported", type: 'invalid_request_error', param: 'response_format' } }));
        return;
      }
      if (countedFor !== fake.failRequest) [counted, countedFor] = [0, fake.failRequest];
      const failWith = fake.failRequest?.(request, ++counted);
      if (failWith !== undefined) {
        respond(res, { kind: 'status', status: failWith }, () => undefined, '', false);
        return;
      }
      const at = queue.findIndex((e) => e.match === undefined || request.user.includes(e.match));
      const answer: ScriptedAnswer = at >= 0 ? queue.splice(at, 1)[0]!.answer : { kind: 'ok' };
      respond(res, answer, () => fake.fallback(request), body.model ?? 'fake', body.stream === true);
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

function respond(res: http.ServerResponse, answer: ScriptedAnswer, fallback: () => unknown, model: string, stream: boolean): void {
  switch (answer.kind) {
    case 'hang':
      return; // never answers: the client's timeout has to fire
    case 'held':
      void answer.release.then(() => respond(res, answer.then, fallback, model, stream));
      return;
    case 'status':
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) }).end(JSON.stringify({ error: { message: `scripted ${answer.status}`, type: 'server_error' } }));
      return;
    case 'tools': {
      const calls = answer.calls.map((c, i) => ({ id: `call_${i}`, type: 'function', function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) } }));
      if (stream) return streamChunks(res, model, calls.map((call, index) => ({ tool_calls: [{ index, ...call }] })), 'tool_calls');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(null, model, calls)));
    }
    default: {
      const content = answer.kind === 'text' ? answer.content : answer.kind === 'malformed' ? (answer.content ?? '{"description": "cut off') : JSON.stringify(answer.json ?? fallback());
      // Streamed in small pieces that cut through lines and links, as real servers do.
      if (stream) return streamChunks(res, model, (content.match(/[\s\S]{1,7}/g) ?? []).map((piece) => ({ content: piece })), 'stop');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(content, model)));
    }
  }
}

/** Server-sent events as the chat completions API streams them: one delta a chunk, then [DONE]. */
function streamChunks(res: http.ServerResponse, model: string, deltas: Record<string, unknown>[], finish: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (const delta of deltas) res.write(chunk(delta, null));
  res.write(chunk({}, finish));
  res.end('data: [DONE]\n\n');
}

function completion(content: string | null, model: string, toolCalls?: unknown[]): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: toolCalls ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

/** A valid analysis derived from the prompt, so every document gets a distinct summary. */
export function defaultAnswer(request: RecordedRequest): unknown {
  if (request.system.startsWith(OVERVIEW_PROMPT_OPENING)) return overviewAnswer(request);
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

/**
 * An overview of a concept or entity page (llm/synthesize-overview.ts): one paragraph citing
 * each document of the prompt by the link it was given, and a second on the topic.
 */
export function overviewAnswer(request: RecordedRequest): { overview: string } {
  const topic = /"([^"]*)"/.exec(request.user)?.[1] ?? 'the topic';
  const docs = [...request.user.matchAll(/^\[\[summaries\/([^\]]+)\]\]/gm)].map((m) => m[1] as string);
  const cited = docs.map((doc, i) => `${i === 0 ? 'According to' : 'and'} [[summaries/${doc}]]`).join(' ');
  return { overview: `${cited}, ${topic} matters to the harbour.\n\nThe ${docs.length} documents agree on what ${topic} is.` };
}
