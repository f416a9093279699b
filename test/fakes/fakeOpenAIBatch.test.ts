import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { toJsonl } from './batchJsonl.ts';
import { startFakeOpenAIBatch, type FakeOpenAIBatch, type FakeOpenAIBatchOptions } from './fakeOpenAIBatch.ts';
import type { Script } from './fakeServer.ts';

// Answers by the request's last message, so each line gets its own verdict.
const script: Script = (body) => ({ type: 'json', outputs: [{ verdict: String(body.messages.at(-1).content).includes('bad') ? 'fail' : 'pass' }] });
const chat = (content: string, model = 'gpt-4.1-mini') => ({ model, messages: [{ role: 'user' as const, content }] });
const line = (custom_id: string, body: unknown) => ({ custom_id, method: 'POST', url: '/v1/chat/completions', body });

let fake: FakeOpenAIBatch | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function submit(opts: FakeOpenAIBatchOptions, lines: unknown[]) {
  fake = await startFakeOpenAIBatch(script, opts);
  const client = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0 });
  const file = await client.files.create({ file: await toFile(Buffer.from(toJsonl(lines)), 'requests.jsonl'), purpose: 'batch' });
  const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  return { client, file, batch };
}

const readJsonl = async (client: OpenAI, id: string) => (await (await client.files.content(id)).text()).trim().split('\n').map((l) => JSON.parse(l));

describe('fake OpenAI Batch', () => {
  it('answers each line as the interactive fake would, after the scripted number of polls', async () => {
    const { client, file, batch } = await submit({ pollsToFinish: 2 }, [line('a', chat('good review')), line('b', chat('bad review'))]);
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'requests.jsonl' });
    expect(batch.status).toBe('validating');
    expect((await client.batches.retrieve(batch.id)).status).toBe('in_progress');
    const done = await client.batches.retrieve(batch.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 2, completed: 2, failed: 0 }, error_file_id: null });
    const out = await readJsonl(client, done.output_file_id!);
    expect(out.map((l) => [l.custom_id, l.response.status_code, JSON.parse(l.response.body.choices[0].message.content).verdict, l.error])).toEqual([
      ['a', 200, 'pass', null],
      ['b', 200, 'fail', null],
    ]);
    expect(out[0].response.request_id).toMatch(/^req_/);
    expect(out[0].id).toMatch(/^batch_req_/);
    // the same body interactively: same shape, same verdict
    const direct = await new OpenAI({ apiKey: 'k', baseURL: `${fake!.interactive.url}/v1`, maxRetries: 0 }).chat.completions.create(chat('bad review'));
    expect(direct.choices[0]!.message.content).toBe(out[1].response.body.choices[0].message.content);
    expect(fake!.interactive.requests.length).toBe(3);
  });

  it('fails validation on a duplicate custom_id, with the line in errors, and answers nothing', async () => {
    const { client, batch } = await submit({}, [line('a', chat('x')), line('a', chat('y'))]);
    const failed = await client.batches.retrieve(batch.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data).toEqual([expect.objectContaining({ code: 'duplicate_custom_id', line: 2, param: 'custom_id' })]);
    expect(fake!.interactive.requests.length).toBe(0);
  });

  it('fails validation on a url other than the batch endpoint and on a broken JSON line', async () => {
    fake = await startFakeOpenAIBatch(script);
    const client = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    const text = `${JSON.stringify({ ...line('a', chat('x')), url: '/v1/embeddings' })}\n{not json\n`;
    const file = await client.files.create({ file: await toFile(Buffer.from(text), 'r.jsonl'), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const failed = await client.batches.retrieve(batch.id);
    expect(failed.errors?.data?.map((e) => [e.code, e.line])).toEqual([['mismatched_endpoint', 1], ['invalid_json_line', 2]]);
  });

  it('rejects a non-.jsonl upload and an unknown input file with the OpenAI error shape', async () => {
    fake = await startFakeOpenAIBatch(script);
    const client = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    await expect(client.files.create({ file: await toFile(Buffer.from('{}'), 'r.txt'), purpose: 'batch' })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'file' } });
    await expect(client.batches.create({ input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' })).rejects.toMatchObject({ status: 404 });
  });

  it('puts failed custom_ids and contract rejections in the error file (a partial failure)', async () => {
    // c: max_tokens on a model that takes only max_completion_tokens, which the interactive contract rejects
    const { client, batch } = await submit({ failIds: ['b'] }, [line('a', chat('ok', 'gpt-5-mini')), line('b', chat('ok', 'gpt-5-mini')), line('c', { ...chat('ok', 'gpt-5-mini'), max_tokens: 100 })]);
    const done = await client.batches.retrieve(batch.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 3, completed: 1, failed: 2 } });
    expect((await readJsonl(client, done.output_file_id!)).map((l) => l.custom_id)).toEqual(['a']);
    const errs = await readJsonl(client, done.error_file_id!);
    expect(errs.map((l) => [l.custom_id, l.response.status_code, l.response.body.error.code])).toEqual([['b', 500, null], ['c', 400, 'unsupported_parameter']]);
  });

  it('fails validation on a second model in one input file, and on metadata past its limits', async () => {
    const { client, batch } = await submit({}, [line('a', chat('x')), line('b', chat('y', 'gpt-5-mini'))]);
    const failed = await client.batches.retrieve(batch.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data?.map((e) => [e.code, e.line])).toEqual([['mismatched_model', 2]]);
    const file = await client.files.create({ file: await toFile(Buffer.from(toJsonl([line('a', chat('x'))])), 'r.jsonl'), purpose: 'batch' });
    await expect(client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { tag: 'x'.repeat(513) } })).rejects.toMatchObject({ status: 400, error: { param: 'metadata' } });
  });

  it('expires: unanswered entries carry batch_expired in the error file', async () => {
    const { client, batch } = await submit({ expire: true, answerBeforeExpiry: ['a'] }, [line('a', chat('ok')), line('b', chat('ok'))]);
    const done = await client.batches.retrieve(batch.id);
    expect(done).toMatchObject({ status: 'expired', request_counts: { total: 2, completed: 1, failed: 1 } });
    const errs = await readJsonl(client, done.error_file_id!);
    expect(errs).toEqual([expect.objectContaining({ custom_id: 'b', response: null, error: expect.objectContaining({ code: 'batch_expired' }) })]);
  });

  it('cancels: cancelling, then cancelled, with nothing answered', async () => {
    const { client, batch } = await submit({ pollsToFinish: 5 }, [line('a', chat('ok'))]);
    expect((await client.batches.cancel(batch.id)).status).toBe('cancelling');
    expect((await client.batches.retrieve(batch.id)).status).toBe('cancelled');
    expect(fake!.interactive.requests.length).toBe(0);
  });
});
