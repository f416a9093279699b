/** Shared core of the fake batch servers: a tiny router on a real socket, JSONL, and scheduling helpers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeServer, RecordedRequest, WireAnswer } from './fakeServer.ts';

/** One routed request: method, path, the path's captured parts, the raw body bytes and the headers. */
export interface RoutedRequest {
  method: string;
  path: string;
  params: string[];
  raw: Buffer;
  req: IncomingMessage;
}

/** A route: method, path pattern (its groups become params), and the handler answering it. */
export type Route = [method: string, pattern: RegExp, handler: (r: RoutedRequest) => WireAnswer | Promise<WireAnswer>];

/**
 * Starts a server on 127.0.0.1 answering the routes, recording every request like startFake does;
 * an unrouted request gets `notFound`. String bodies go out as `contentType` (JSONL by default).
 */
export async function startRouter(routes: Route[], notFound: (method: string, path: string) => WireAnswer): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server error: ${String(err)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const rawBody = raw.toString('utf8');
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // multipart uploads and empty bodies stay text
    }
    const method = req.method ?? '';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method, path, headers: req.headers, body, rawBody });
    for (const [m, pattern, handler] of routes) {
      const match = m === method ? pattern.exec(path) : null;
      if (match) return send(res, await handler({ method, path, params: match.slice(1), raw, req }));
    }
    return send(res, notFound(method, path));
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

function send(res: ServerResponse, answer: WireAnswer): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': typeof answer.body === 'string' ? 'application/octet-stream' : 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers,
  });
  res.end(text);
}

/** JSON answer helper. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): WireAnswer => ({ status, headers, body });

/** Objects as JSONL: one JSON document per line, each line ending in a newline. */
export function toJsonl(items: unknown[]): string {
  return items.map((item) => `${JSON.stringify(item)}\n`).join('');
}

/** Parses a multipart/form-data body with the platform's own parser (undici), as a server framework would. */
export async function formData(r: RoutedRequest): Promise<FormData> {
  const headers = { 'content-type': String(r.req.headers['content-type'] ?? '') };
  return new Request('http://fake/upload', { method: 'POST', headers, body: new Uint8Array(r.raw) }).formData();
}

/** Answer of the interactive fake to one body: its status, request id header and parsed JSON. */
export interface InteractiveAnswer {
  status: number;
  requestId: string;
  body: any;
}

/**
 * Sends one batch line's body to the interactive fake (same Script, same contract checks, same
 * shaping), so a batch answer is byte-for-byte what the interactive path would have received.
 */
export async function askInteractive(url: string, body: unknown, headers: Record<string, string> = {}): Promise<InteractiveAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a scripted non-JSON body stays text
  }
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? res.headers.get('request-id') ?? '', body: parsed };
}

/** Which entries of a finished batch fail or expire instead of being answered (by custom_id). */
export interface BatchOutcomeOptions {
  /** Retrieves (polls) of a batch before it finishes; the finishing retrieve is this one (default 1). */
  pollsToFinish?: number;
  /** custom_ids answered with a server error instead of the script's reply (a partial failure). */
  failIds?: readonly string[];
  /** The batch expires: every entry not answered by then expires (all of them unless `answerBeforeExpiry`). */
  expire?: boolean;
  /** With `expire`: custom_ids that were answered before the window closed. */
  answerBeforeExpiry?: readonly string[];
}

/** What becomes of one entry when its batch finishes. */
export function fateOf(customId: string, opts: BatchOutcomeOptions): 'answer' | 'fail' | 'expire' {
  if (opts.expire && !(opts.answerBeforeExpiry ?? []).includes(customId)) return 'expire';
  return (opts.failIds ?? []).includes(customId) ? 'fail' : 'answer';
}
