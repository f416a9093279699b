/** Shared core of the fake batch servers: a tiny router on a real socket, JSONL, and scheduling helpers. */
import type { IncomingMessage } from 'node:http';
import { send, serveRecorded, type FakeServer, type WireAnswer } from './fakeServer.ts';

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
 * an unrouted request gets `notFound`. Text bodies (JSONL files) go out as application/octet-stream.
 */
export async function startRouter(routes: Route[], notFound: (method: string, path: string) => WireAnswer): Promise<FakeServer> {
  return serveRecorded(async (req, res, { method, path, raw }) => {
    for (const [m, pattern, handler] of routes) {
      const match = m === method ? pattern.exec(path) : null;
      if (match) return send(res, await handler({ method, path, params: match.slice(1), raw, req }), 'application/octet-stream');
    }
    return send(res, notFound(method, path), 'application/octet-stream');
  });
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

/** Which entries of a finished batch fail or expire instead of being answered (by custom_id). Read at every poll: a test may change them while a batch runs. */
export interface BatchOutcomeOptions {
  /** Retrieves (polls) of a batch before it finishes; the finishing retrieve is this one (default 1). */
  pollsToFinish?: number;
  /** custom_ids answered with a server error instead of the script's reply (a partial failure). */
  failIds?: readonly string[] | ((customId: string, line: number) => boolean);
  /** The batch expires: every entry not answered by then expires (all of them unless `answerBeforeExpiry`). */
  expire?: boolean;
  /** With `expire`: custom_ids that were answered before the window closed. */
  answerBeforeExpiry?: readonly string[];
  /**
   * The first N create calls create the batch and then answer HTTP 500, as when the answer is lost on
   * the way back (the client cannot tell whether the batch exists).
   */
  lostCreates?: number;
  /** Called after a batch is created and before its create call is answered (a test may kill the client then). */
  onCreated?: (id: string) => void | Promise<void>;
}

/** What becomes of one entry when its batch finishes. */
export function fateOf(customId: string, opts: BatchOutcomeOptions, line = 0): 'answer' | 'fail' | 'expire' {
  if (opts.expire && !(opts.answerBeforeExpiry ?? []).includes(customId)) return 'expire';
  const fail = typeof opts.failIds === 'function' ? opts.failIds(customId, line) : (opts.failIds ?? []).includes(customId);
  return fail ? 'fail' : 'answer';
}
