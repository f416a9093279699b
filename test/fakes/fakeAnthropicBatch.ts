/**
 * A fake Anthropic Message Batches API, realistic enough for the real `@anthropic-ai/sdk`. Each request's
 * params are answered by a fake interactive Messages server running the same Script (startFakeAnthropic),
 * so a succeeded result carries the message the interactive path would have received, and a params
 * violation becomes an `errored` result carrying the interactive fake's error body.
 *
 * Shapes: node_modules/@anthropic-ai/sdk/resources/messages/batches.d.ts (MessageBatch: processing_status
 * in_progress | canceling | ended, request_counts {processing, succeeded, errored, canceled, expired},
 * results_url, RFC 3339 timestamps, expires_at 24 h after creation; MessageBatchIndividualResponse
 * {custom_id, result: succeeded {message} | errored {error: ErrorResponse} | canceled | expired};
 * custom_id "Must be unique for each request within the Message Batch"). The SDK's results() reads
 * `results_url` and fails while it is null (node_modules/@anthropic-ai/sdk/resources/messages/batches.js).
 * Polling example and in_progress body: https://docs.anthropic.com/zh-CN/api/messages-batch-examples .
 * The custom_id pattern ^[a-zA-Z0-9_-]{1,64}$ and requests minItems 1, maxItems 100000:
 * https://platform.claude.com/docs/en/api/messages/batches/create ; 100,000 requests or 256 MB per batch,
 * whichever comes first: https://docs.claude.com/en/docs/build-with-claude/batch-processing ("Batch
 * limitations"). The 400 texts are the fake's [assumption]: no stored source states them.
 */
import { askInteractive, fateOf, json, startRouter, toJsonl, type BatchOutcomeOptions } from './batchJsonl.ts';
import { startFakeAnthropic, type FakeAnthropicOptions } from './fakeAnthropic.ts';
import type { FakeServer, Script, WireAnswer } from './fakeServer.ts';

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** How the fake Message Batches API behaves: when and how batches end, and the interactive fake behind it. */
export interface FakeAnthropicBatchOptions extends BatchOutcomeOptions {
  /** Options of the interactive fake that answers each request. */
  interactive?: FakeAnthropicOptions;
}

/** The batch fake plus the interactive fake behind it. */
export interface FakeAnthropicBatch extends FakeServer {
  interactive: FakeServer;
}

interface BatchState {
  batch: Record<string, any>;
  requests: { custom_id: string; params: unknown }[];
  results: unknown[];
  polls: number;
  ending?: Promise<void>;
}

let serial = 0;

const error = (status: number, type: string, message: string): WireAnswer => {
  serial += 1;
  return json(status, { type: 'error', error: { type, message }, request_id: `req_fake_batch${serial}` }, { 'request-id': `req_fake_batch${serial}` });
};

/** The 400 a create request gets for a malformed `requests` list, or undefined. */
export function batchCreateViolation(body: any, bytes = 0): WireAnswer | undefined {
  if (!Array.isArray(body?.requests) || body.requests.length === 0) return error(400, 'invalid_request_error', 'requests: at least one request is required');
  if (body.requests.length > 100_000) return error(400, 'invalid_request_error', 'requests: at most 100000 requests per Message Batch');
  if (bytes > 256 * 1024 * 1024) return error(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes (256 MB per Message Batch).');
  const seen = new Set<string>();
  for (const [i, r] of (body.requests as any[]).entries()) {
    if (typeof r?.custom_id !== 'string' || !CUSTOM_ID.test(r.custom_id)) {
      return error(400, 'invalid_request_error', `requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    }
    if (seen.has(r.custom_id)) return error(400, 'invalid_request_error', `requests.${i}.custom_id: Duplicate custom_id '${r.custom_id}'; custom_id must be unique within a Message Batch.`);
    seen.add(r.custom_id);
    if (typeof r.params !== 'object' || r.params === null) return error(400, 'invalid_request_error', `requests.${i}.params: Field required`);
  }
  return undefined;
}

/** Starts the fake; use its url as the SDK's baseURL (no /v1). */
export async function startFakeAnthropicBatch(script: Script, opts: FakeAnthropicBatchOptions = {}): Promise<FakeAnthropicBatch> {
  const interactive = await startFakeAnthropic(script, opts.interactive);
  const batches = new Map<string, BatchState>();
  let lostCreates = opts.lostCreates ?? 0;
  const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
  let baseUrl = '';

  function counts(state: BatchState) {
    const c = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    c.processing = state.requests.length - state.results.length;
    for (const r of state.results as { result: { type: keyof typeof c } }[]) c[r.result.type] += 1;
    return c;
  }

  async function end(state: BatchState, canceled: boolean): Promise<void> {
    for (const [line, r] of state.requests.entries()) {
      const fate = fateOf(r.custom_id, opts, line);
      if (canceled) {
        state.results.push({ custom_id: r.custom_id, result: { type: 'canceled' } });
      } else if (fate === 'expire') {
        state.results.push({ custom_id: r.custom_id, result: { type: 'expired' } });
      } else if (fate === 'fail') {
        state.results.push({ custom_id: r.custom_id, result: { type: 'errored', error: (error(500, 'api_error', 'Internal server error').body) } });
      } else {
        const answer = await askInteractive(`${interactive.url}/v1/messages`, r.params, { 'anthropic-version': '2023-06-01' });
        const ok = answer.status >= 200 && answer.status < 300;
        state.results.push({ custom_id: r.custom_id, result: ok ? { type: 'succeeded', message: answer.body } : { type: 'errored', error: answer.body } });
      }
    }
    const b = state.batch;
    b.processing_status = 'ended';
    b.ended_at = iso();
    b.results_url = `${baseUrl}/v1/messages/batches/${b.id}/results`;
  }

  async function advance(state: BatchState): Promise<void> {
    const b = state.batch;
    if (b.processing_status === 'ended') return;
    state.polls += 1;
    // A canceled batch ends with the unanswered requests `canceled` (nothing here was answered yet).
    // One end per batch, however many polls arrive while it runs (a real batch never answers an entry twice).
    if (b.processing_status === 'canceling') await (state.ending ??= end(state, true));
    else if (state.polls >= (opts.pollsToFinish ?? 1)) await (state.ending ??= end(state, false));
    b.request_counts = counts(state);
  }

  const server = await startRouter(
    [
      ['POST', /^\/v1\/messages\/batches$/, async (r) => {
        let body: any;
        try {
          body = JSON.parse(r.raw.toString('utf8'));
        } catch {
          return error(400, 'invalid_request_error', 'The request body is not valid JSON.');
        }
        const rejected = batchCreateViolation(body, r.raw.length);
        if (rejected) return rejected;
        serial += 1;
        const requests = body.requests.map((q: any) => ({ custom_id: q.custom_id, params: q.params }));
        const batch = {
          id: `msgbatch_fake${serial}`, type: 'message_batch', processing_status: 'in_progress',
          request_counts: { processing: requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
          ended_at: null, created_at: iso(), expires_at: iso(24 * 3600 * 1000), archived_at: null, cancel_initiated_at: null, results_url: null,
        };
        batches.set(batch.id, { batch, requests, results: [], polls: 0 });
        await opts.onCreated?.(batch.id);
        if (lostCreates > 0) {
          lostCreates -= 1;
          return error(500, 'api_error', 'Internal server error');
        }
        return json(200, batch);
      }],
      // list(): a Page of MessageBatch, most recently created first; limit "Defaults to 20. Ranges from 1 to 1000."
      // (https://platform.claude.com/docs/en/api/csharp/messages/batches/list).
      ['GET', /^\/v1\/messages\/batches$/, (r) => {
        const limit = Number(new URL(r.req.url ?? '/', 'http://fake').searchParams.get('limit') ?? 20);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return error(400, 'invalid_request_error', 'limit: Input should be between 1 and 1000');
        const data = [...batches.values()].map((b) => b.batch).reverse().slice(0, limit);
        return json(200, { data, has_more: batches.size > data.length, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
      }],
      // api.anthropic.com serves interactive calls beside the batch endpoints (doctor makes one): answered by the interactive fake.
      ['POST', /^\/v1\/messages$/, async (r) => {
        const a = await askInteractive(`${interactive.url}/v1/messages`, JSON.parse(r.raw.toString('utf8') || '{}'), { 'anthropic-version': String(r.req.headers['anthropic-version'] ?? '2023-06-01') });
        return json(a.status, a.body, a.requestId ? { 'request-id': a.requestId } : {});
      }],
      ['GET', /^\/v1\/messages\/batches\/([^/]+)\/results$/, (r) => {
        const state = batches.get(r.params[0]!);
        if (!state) return error(404, 'not_found_error', `Message batch ${r.params[0]} not found.`);
        if (state.batch.processing_status !== 'ended') return error(400, 'invalid_request_error', `Message batch ${r.params[0]} is still in progress.`);
        return { status: 200, headers: { 'content-type': 'application/binary' }, body: toJsonl(state.results) };
      }],
      ['GET', /^\/v1\/messages\/batches\/([^/]+)$/, async (r) => {
        const state = batches.get(r.params[0]!);
        if (!state) return error(404, 'not_found_error', `Message batch ${r.params[0]} not found.`);
        await advance(state);
        return json(200, state.batch);
      }],
      ['POST', /^\/v1\/messages\/batches\/([^/]+)\/cancel$/, (r) => {
        const state = batches.get(r.params[0]!);
        if (!state) return error(404, 'not_found_error', `Message batch ${r.params[0]} not found.`);
        if (state.batch.processing_status === 'in_progress') {
          state.batch.processing_status = 'canceling';
          state.batch.cancel_initiated_at = iso();
        }
        return json(200, state.batch);
      }],
    ],
    (method, path) => error(404, 'not_found_error', `Not found: ${method} ${path}`),
  );
  baseUrl = server.url;
  return { ...server, interactive, close: async () => { await Promise.all([server.close(), interactive.close()]); } };
}
