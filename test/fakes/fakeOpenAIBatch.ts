/**
 * A fake OpenAI Files + Batch API, realistic enough for the real `openai` SDK (6.x). Each batch line is
 * answered by a fake interactive server running the same Script (startFakeOpenAI), so a batch answer
 * is what the interactive path would have received, contract checks included.
 *
 * Shapes: node_modules/openai/resources/batches.d.ts (Batch, BatchRequestCounts, BatchError,
 * BatchCreateParams: input_file_id, endpoint, completion_window '24h'; up to 50,000 requests, 200 MB) and
 * node_modules/openai/resources/files.d.ts (FileObject; "The Batch API only supports `.jsonl` files").
 * Line rules (one custom_id per line, same endpoint as the batch, duplicates fail validation and the
 * batch goes to `failed` with the reasons in `errors`) as in https://docs.morphllm.com/sdk/components/batch
 * (an OpenAI-compatible Batch API) [3p]; the error codes and texts below are the fake's own [assumption].
 * Output/error line shape {id, custom_id, response: {status_code, request_id, body}, error} and the
 * `batch_expired` error: OpenAI's Batch guide (https://platform.openai.com/docs/guides/batch) [not in the SDK types].
 * "Each input file can only contain requests to a single model" (the Batch guide, as mirrored at
 * https://juejin.cn/post/7369767878781616147). Metadata: up to 16 pairs, keys ≤ 64 and values ≤ 512
 * characters (batches.d.ts, Shared.Metadata). List: limit 1..100 (CursorPageParams).
 */
import { askInteractive, fateOf, formData, json, startRouter, toJsonl, type BatchOutcomeOptions } from './batchJsonl.ts';
import { startFakeOpenAI, type FakeOpenAIOptions } from './fakeOpenAI.ts';
import type { FakeServer, Script, WireAnswer } from './fakeServer.ts';

const ENDPOINT = '/v1/chat/completions';
const MAX_REQUESTS = 50_000;

/** How the fake OpenAI Batch API behaves: when and how batches end, and the interactive fake behind it. */
export interface FakeOpenAIBatchOptions extends BatchOutcomeOptions {
  /** Options of the interactive fake that answers each line (contract, clock, …). */
  interactive?: FakeOpenAIOptions;
}

/** The batch fake plus the interactive fake behind it (whose `requests` are the lines it answered). */
export interface FakeOpenAIBatch extends FakeServer {
  interactive: FakeServer;
}

interface StoredFile {
  meta: { id: string; object: 'file'; bytes: number; created_at: number; filename: string; purpose: string; status: 'processed' };
  content: string;
}

interface BatchState {
  batch: Record<string, any>;
  polls: number;
  finishing?: Promise<void>;
}

type BatchError = { code: string; line: number | null; message: string; param: string | null };

const error = (status: number, message: string, param: string | null = null, code: string | null = null): WireAnswer =>
  json(status, { error: { message, type: 'invalid_request_error', param, code } });

/** Line-level validation, as done while the batch is `validating`: returns the errors that make it `failed`. */
export function validateBatchInput(content: string, endpoint: string): BatchError[] {
  const errors: BatchError[] = [];
  const seen = new Set<string>();
  const models = new Set<string>();
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > MAX_REQUESTS) errors.push({ code: 'too_many_requests', line: null, message: `The input file can contain up to ${MAX_REQUESTS} requests.`, param: null });
  lines.forEach((text, i) => {
    const line = i + 1;
    let item: any;
    try {
      item = JSON.parse(text);
    } catch {
      errors.push({ code: 'invalid_json_line', line, message: 'This line is not parseable as valid JSON.', param: null });
      return;
    }
    if (typeof item?.custom_id !== 'string' || item.custom_id === '') {
      errors.push({ code: 'missing_required_parameter', line, message: 'Missing required parameter: custom_id.', param: 'custom_id' });
    } else if (seen.has(item.custom_id)) {
      errors.push({ code: 'duplicate_custom_id', line, message: 'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.', param: 'custom_id' });
    } else seen.add(item.custom_id);
    if (item?.method !== 'POST') errors.push({ code: 'invalid_method', line, message: 'The method must be POST.', param: 'method' });
    if (item?.url !== endpoint) errors.push({ code: 'mismatched_endpoint', line, message: `The url of this request does not match the batch's endpoint ${endpoint}.`, param: 'url' });
    if (typeof item?.body !== 'object' || item.body === null) errors.push({ code: 'missing_required_parameter', line, message: 'Missing required parameter: body.', param: 'body' });
    else {
      models.add(String(item.body.model));
      if (models.size > 1) errors.push({ code: 'mismatched_model', line, message: 'The model of this request differs from the model of earlier requests: a batch input file can only contain requests to a single model.', param: 'body.model' });
    }
  });
  return errors;
}

/** Starts the fake; point the SDK's baseURL at `${url}/v1`. */
export async function startFakeOpenAIBatch(script: Script, opts: FakeOpenAIBatchOptions = {}): Promise<FakeOpenAIBatch> {
  const interactive = await startFakeOpenAI(script, opts.interactive);
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, BatchState>();
  let serial = 0;
  let lostCreates = opts.lostCreates ?? 0;
  const now = () => Math.floor(Date.now() / 1000);

  function store(content: string, filename: string, purpose: string): StoredFile {
    serial += 1;
    const file: StoredFile = {
      meta: { id: `file-fake${serial}`, object: 'file', bytes: Buffer.byteLength(content), created_at: now(), filename, purpose, status: 'processed' },
      content,
    };
    files.set(file.meta.id, file);
    return file;
  }

  async function finish(state: BatchState): Promise<void> {
    const b = state.batch;
    const input = files.get(b.input_file_id)!.content.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    const output: unknown[] = [];
    const errored: unknown[] = [];
    let expired = false;
    for (const [n, item] of input.entries()) {
      serial += 1;
      const id = `batch_req_fake${serial}`;
      const fate = fateOf(item.custom_id, opts, n);
      if (fate === 'expire') {
        expired = true;
        errored.push({ id, custom_id: item.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } });
        continue;
      }
      const answer = fate === 'fail'
        ? { status: 500, requestId: `req_fake_batch${serial}`, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } }
        : await askInteractive(`${interactive.url}${ENDPOINT}`, item.body);
      const line = { id, custom_id: item.custom_id, response: { status_code: answer.status, request_id: answer.requestId, body: answer.body }, error: null };
      (answer.status >= 200 && answer.status < 300 ? output : errored).push(line);
    }
    b.request_counts = { total: input.length, completed: output.length, failed: errored.length };
    if (output.length > 0) b.output_file_id = store(toJsonl(output), 'batch_output.jsonl', 'batch_output').meta.id;
    if (errored.length > 0) b.error_file_id = store(toJsonl(errored), 'batch_error.jsonl', 'batch_output').meta.id;
    b.finalizing_at = now();
    if (expired) {
      b.status = 'expired';
      b.expired_at = now();
    } else {
      b.status = 'completed';
      b.completed_at = now();
    }
  }

  async function advance(state: BatchState): Promise<void> {
    const b = state.batch;
    state.polls += 1;
    if (b.status === 'cancelling') {
      b.status = 'cancelled';
      b.cancelled_at = now();
      return;
    }
    if (b.status === 'validating') {
      const problems = validateBatchInput(files.get(b.input_file_id)!.content, b.endpoint);
      if (problems.length > 0) {
        b.status = 'failed';
        b.failed_at = now();
        b.errors = { object: 'list', data: problems };
        return;
      }
      b.status = 'in_progress';
      b.in_progress_at = now();
    }
    // One finish per batch, however many polls arrive while it runs (a real batch never answers an entry twice).
    if (b.status === 'in_progress' && state.polls >= (opts.pollsToFinish ?? 1)) await (state.finishing ??= finish(state));
  }

  const server = await startRouter(
    [
      ['POST', /^\/v1\/files$/, async (r) => {
        const form = await formData(r);
        const purpose = form.get('purpose');
        const file = form.get('file');
        if (typeof purpose !== 'string') return error(400, "Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
        if (!(file instanceof File)) return error(400, "Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
        // files.d.ts: "The Batch API only supports `.jsonl` files up to 200 MB in size."
        if (purpose === 'batch' && !file.name.endsWith('.jsonl')) return error(400, 'Invalid file format for Batch API. Must be .jsonl', 'file', null);
        if (purpose === 'batch' && file.size > 200 * 1024 * 1024) return error(400, 'File is too large: the Batch API takes .jsonl files up to 200 MB.', 'file', null);
        return json(200, store(await file.text(), file.name, purpose).meta);
      }],
      // api.openai.com serves interactive calls beside the batch endpoints (doctor makes one): answered by the interactive fake.
      ['POST', /^\/v1\/chat\/completions$/, async (r) => {
        const a = await askInteractive(`${interactive.url}${ENDPOINT}`, JSON.parse(r.raw.toString('utf8') || '{}'));
        return json(a.status, a.body, a.requestId ? { 'x-request-id': a.requestId } : {});
      }],
      ['GET', /^\/v1\/files\/([^/]+)\/content$/, (r) => {
        const file = files.get(r.params[0]!);
        return file ? { status: 200, headers: {}, body: file.content } : error(404, `No such File object: ${r.params[0]}`, 'id');
      }],
      // files.d.ts delete(): FileDeleted { id, object: 'file', deleted }.
      ['DELETE', /^\/v1\/files\/([^/]+)$/, (r) => {
        const id = r.params[0]!;
        if (!files.delete(id)) return error(404, `No such File object: ${id}`, 'id');
        return json(200, { id, object: 'file', deleted: true });
      }],
      ['GET', /^\/v1\/files\/([^/]+)$/, (r) => {
        const file = files.get(r.params[0]!);
        return file ? json(200, file.meta) : error(404, `No such File object: ${r.params[0]}`, 'id');
      }],
      ['POST', /^\/v1\/batches$/, async (r) => {
        const body = JSON.parse(r.raw.toString('utf8') || '{}');
        const input = files.get(body.input_file_id);
        if (!input) return error(404, `No such File object: ${body.input_file_id}`, 'input_file_id');
        if (input.meta.purpose !== 'batch') return error(400, "The input file must be uploaded with the purpose 'batch'.", 'input_file_id');
        // batches.d.ts: this fake serves only /v1/chat/completions; completion_window: '24h' only.
        if (body.endpoint !== ENDPOINT) return error(400, `Invalid value for 'endpoint': this fake serves only ${ENDPOINT}.`, 'endpoint', 'invalid_value');
        if (body.completion_window !== '24h') return error(400, "Invalid value for 'completion_window': only '24h' is supported.", 'completion_window', 'invalid_value');
        const meta = body.metadata ?? {};
        if (typeof meta !== 'object' || Object.keys(meta).length > 16) return error(400, "Invalid 'metadata': at most 16 key-value pairs.", 'metadata', 'invalid_value');
        for (const [k, v] of Object.entries(meta)) {
          if (k.length > 64 || typeof v !== 'string' || v.length > 512) return error(400, `Invalid 'metadata.${k.slice(0, 64)}': keys up to 64 and string values up to 512 characters.`, 'metadata', 'invalid_value');
        }
        serial += 1;
        const created = now();
        const batch = {
          id: `batch_fake${serial}`, object: 'batch', endpoint: body.endpoint, errors: null, input_file_id: body.input_file_id,
          completion_window: '24h', status: 'validating', output_file_id: null, error_file_id: null, created_at: created,
          in_progress_at: null, expires_at: created + 24 * 3600, finalizing_at: null, completed_at: null, failed_at: null,
          expired_at: null, cancelling_at: null, cancelled_at: null, request_counts: { total: 0, completed: 0, failed: 0 },
          metadata: body.metadata ?? null,
        };
        batches.set(batch.id, { batch, polls: 0 });
        await opts.onCreated?.(batch.id);
        if (lostCreates > 0) {
          lostCreates -= 1;
          return error(500, 'The server had an error while processing your request.', null, null);
        }
        return json(200, batch);
      }],
      // batches.d.ts list(): a CursorPage of Batch, newest first (limit 1..100, default 20).
      ['GET', /^\/v1\/batches$/, (r) => {
        const limit = Number(new URL(r.req.url ?? '/', 'http://fake').searchParams.get('limit') ?? 20);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, "Invalid 'limit': expected an integer from 1 to 100.", 'limit', 'invalid_value');
        const data = [...batches.values()].map((b) => b.batch).reverse().slice(0, limit);
        return json(200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: batches.size > data.length });
      }],
      ['GET', /^\/v1\/batches\/([^/]+)$/, async (r) => {
        const state = batches.get(r.params[0]!);
        if (!state) return error(404, `No batch found with id '${r.params[0]}'.`, null, 'not_found');
        await advance(state);
        return json(200, state.batch);
      }],
      ['POST', /^\/v1\/batches\/([^/]+)\/cancel$/, (r) => {
        const state = batches.get(r.params[0]!);
        if (!state) return error(404, `No batch found with id '${r.params[0]}'.`, null, 'not_found');
        // batches.d.ts (cancel): "in_progress … cancelling for up to 10 minutes, before changing to cancelled".
        if (['validating', 'in_progress'].includes(state.batch.status)) {
          state.batch.status = 'cancelling';
          state.batch.cancelling_at = now();
        } else if (state.batch.status !== 'cancelling') {
          return error(409, `Cannot cancel a batch with status '${state.batch.status}'.`, null, null);
        }
        return json(200, state.batch);
      }],
    ],
    (method, path) => error(404, `Invalid URL (${method} ${path})`),
  );
  return { ...server, interactive, close: async () => { await Promise.all([server.close(), interactive.close()]); } };
}
