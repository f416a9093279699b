/** Shared core of the fake LLM servers: real sockets, scripted replies, recorded requests. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** One request as the fake saw it on the wire. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  rawBody: string;
}

/** Token counts a reply reports; each fake maps them onto its own wire fields. */
export interface FakeUsage {
  /** All prompt tokens, cached ones included. */
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
}

/** One choice (OpenAI) or one message (Anthropic) of a content reply. */
export type ChoiceSpec =
  | { output: unknown }
  | { text: string }
  | { refusal: string }
  | { length: string }
  | { contentFilter: true };

/** What the script tells the fake to do with one request. */
export type Reply =
  | { type: 'json'; outputs: unknown[]; usage?: Partial<FakeUsage> }
  | { type: 'text'; texts: string[]; usage?: Partial<FakeUsage> }
  | { type: 'mixed'; choices: ChoiceSpec[]; usage?: Partial<FakeUsage> }
  | { type: 'refusal'; message?: string; usage?: Partial<FakeUsage> }
  | { type: 'length'; partial?: string; usage?: Partial<FakeUsage> }
  | { type: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'truncated-body' }
  /** Headers at once, then one byte of the body every `everyMs` (a server or proxy that trickles). */
  | { type: 'trickle'; everyMs: number };

/** Decides the reply to the index-th request (0-based) from its parsed body. */
export type Script = (body: any, index: number) => Reply | Promise<Reply>;

/** A running fake: its base URL, what it received, and a close that never hangs. */
export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A fully shaped HTTP answer. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** How one wire format turns content replies and bare statuses into HTTP answers. */
export interface WireShaper {
  paths: string[];
  content(choices: ChoiceSpec[], usage: Partial<FakeUsage> | undefined, body: any): WireAnswer;
  error(status: number, body: unknown, headers: Record<string, string> | undefined): WireAnswer;
  /**
   * The provider's request contract: an error answer for a request the real API would reject,
   * else undefined. Runs before the script, which never sees a rejected request.
   */
  check?(body: unknown): WireAnswer | undefined;
}

/** Normalises every content reply to per-choice specs, so the shapers handle one form. */
export function choicesOf(reply: Reply, requested: number): ChoiceSpec[] | undefined {
  const pick = <T>(items: T[], i: number): T => items[i % items.length] as T;
  const n = Math.max(1, requested);
  const times = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  switch (reply.type) {
    case 'json':
      return times((i) => ({ output: pick(reply.outputs, i) }));
    case 'text':
      return times((i) => ({ text: pick(reply.texts, i) }));
    case 'mixed':
      return reply.choices;
    case 'refusal':
      return times(() => ({ refusal: reply.message ?? "I'm sorry, but I can't help with that." }));
    case 'length':
      return times(() => ({ length: reply.partial ?? '{"verdict":"pass","reason":"The review names the' }));
    default:
      return undefined;
  }
}

/** Rough token count, so usage numbers track the content like a real server's would. */
export function approxTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A request as it arrived: recorded (method, path, headers, parsed body) plus its raw bytes. */
export interface ArrivedRequest extends RecordedRequest {
  raw: Buffer;
  /** Its position in `requests`. */
  index: number;
}

/**
 * Serves `handle` on 127.0.0.1 with an ephemeral port: every request recorded (body parsed as JSON
 * when it is JSON, else kept as text), a handler error answered 599 so a script bug surfaces in the
 * test instead of as a hang, and `close` destroying every open socket (hung replies included).
 */
export async function serveRecorded(handle: (req: IncomingMessage, res: ServerResponse, arrived: ArrivedRequest) => Promise<void> | void): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void receive(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server error: ${String(err)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const rawBody = raw.toString('utf8');
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // Keep the text: a test may want to see what a broken client sent (or a multipart upload).
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, body, rawBody };
    requests.push(recorded);
    await handle(req, res, { ...recorded, raw, index: requests.length - 1 });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a fake on 127.0.0.1 with an ephemeral port. */
export async function startFake(script: Script, shaper: WireShaper): Promise<FakeServer> {
  return serveRecorded(async (req, res, { method, path, body, index }) => {
    if (method !== 'POST' || !shaper.paths.includes(path)) {
      return send(res, shaper.error(404, { message: `no route ${method} ${path}` }, undefined));
    }
    const rejected = shaper.check?.(body);
    if (rejected) return send(res, rejected);
    const reply = await script(body, index);
    const requested = typeof (body as { n?: unknown }).n === 'number' ? (body as { n: number }).n : 1;
    const choices = choicesOf(reply, requested);
    if (choices) {
      const usage = 'usage' in reply ? reply.usage : undefined;
      return send(res, shaper.content(choices, usage, body));
    }
    switch (reply.type) {
      case 'status':
        return send(res, shaper.error(reply.status, reply.body, reply.headers));
      case 'hang':
        return; // the socket stays open until the client gives up or close() destroys it
      case 'reset':
        req.socket.destroy();
        return;
      case 'trickle': {
        const full = JSON.stringify(shaper.content([{ output: { verdict: 'pass' } }], undefined, body).body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full)) });
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= full.length) return clearInterval(timer);
          res.write(full[i++]!);
        }, reply.everyMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'truncated-body': {
        const full = JSON.stringify(shaper.content([{ output: { verdict: 'pass' } }], undefined, body).body);
        const part = full.slice(0, Math.floor(full.length / 2));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
        // Half the promised bytes, then a hard close: what a dying proxy does.
        res.write(part, () => req.socket.destroy());
        return;
      }
    }
  });
}

/** Writes a shaped answer: JSON bodies as application/json, text bodies as `textType`. */
export function send(res: ServerResponse, answer: WireAnswer, textType = 'text/plain'): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': typeof answer.body === 'string' ? textType : 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers,
  });
  res.end(text);
}

/** A script that plays the replies in order and then keeps repeating the last one. */
export function sequence(...replies: Reply[]): Script {
  return (_body, index) => replies[Math.min(index, replies.length - 1)] ?? { type: 'hang' };
}

/** Headers that make both SDKs wait 5 ms before a retry instead of their 0.5 s+ backoff. */
export const FAST_RETRY: Record<string, string> = { 'retry-after-ms': '5' };
