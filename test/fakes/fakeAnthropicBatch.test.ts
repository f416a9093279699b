import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicBatch, type FakeAnthropicBatch, type FakeAnthropicBatchOptions } from './fakeAnthropicBatch.ts';
import type { Script } from './fakeServer.ts';

const script: Script = (body) => ({ type: 'json', outputs: [{ verdict: String(body.messages.at(-1).content).includes('bad') ? 'fail' : 'pass' }] });
const params = (content: string, model = 'claude-sonnet-4-6') => ({ model, max_tokens: 1024, messages: [{ role: 'user' as const, content }] });

let fake: FakeAnthropicBatch | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(opts: FakeAnthropicBatchOptions = {}) {
  fake = await startFakeAnthropicBatch(script, opts);
  return new Anthropic({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
}

async function results(client: Anthropic, id: string) {
  const out: any[] = [];
  for await (const r of await client.messages.batches.results(id)) out.push(r);
  return out;
}

const verdict = (r: any) => JSON.parse(r.result.message.content[0].text).verdict;

describe('fake Anthropic Message Batches', () => {
  it('answers each request as the interactive fake would, after the scripted number of polls', async () => {
    const client = await start({ pollsToFinish: 3 });
    const batch = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: params('good') }, { custom_id: 'b', params: params('bad') }] });
    expect(batch).toMatchObject({ type: 'message_batch', processing_status: 'in_progress', results_url: null, request_counts: { processing: 2 } });
    expect((await client.messages.batches.retrieve(batch.id)).processing_status).toBe('in_progress');
    // results() retrieves first (poll 2 here) and refuses while results_url is null.
    await expect(results(client, batch.id)).rejects.toThrow(/results_url/);
    const ended = await client.messages.batches.retrieve(batch.id);
    expect(ended).toMatchObject({ processing_status: 'ended', request_counts: { processing: 0, succeeded: 2, errored: 0, canceled: 0, expired: 0 } });
    expect(ended.results_url).toBe(`${fake!.url}/v1/messages/batches/${batch.id}/results`);
    const out = await results(client, batch.id);
    expect(out.map((r) => [r.custom_id, r.result.type, verdict(r)])).toEqual([['a', 'succeeded', 'pass'], ['b', 'succeeded', 'fail']]);
    const direct = await new Anthropic({ apiKey: 'k', baseURL: fake!.interactive.url, maxRetries: 0 }).messages.create(params('bad'));
    expect(direct.content).toEqual(out[1].result.message.content);
  });

  it.each([
    ['a duplicate custom_id', [{ custom_id: 'a', params: params('x') }, { custom_id: 'a', params: params('y') }], /Duplicate custom_id 'a'/],
    ['a custom_id outside the pattern', [{ custom_id: 'has space', params: params('x') }], /custom_id/],
  ])('rejects %s with a 400 invalid_request_error', async (_case, requests, message) => {
    const client = await start();
    const err = await client.messages.batches.create({ requests }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(message) } } });
    expect(fake!.interactive.requests.length).toBe(0);
  });

  it('reports failed custom_ids and params violations as errored results (a partial failure)', async () => {
    const client = await start({ failIds: ['b'] });
    const batch = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: params('ok') }, { custom_id: 'b', params: params('ok') }, { custom_id: 'c', params: params('ok', 'claude-nope') }] });
    expect((await client.messages.batches.retrieve(batch.id)).request_counts).toEqual({ processing: 0, succeeded: 1, errored: 2, canceled: 0, expired: 0 });
    const out = await results(client, batch.id);
    expect(out.map((r) => [r.custom_id, r.result.type, r.result.error?.error.type])).toEqual([['a', 'succeeded', undefined], ['b', 'errored', 'api_error'], ['c', 'errored', 'not_found_error']]);
    expect(out[1].result.error).toMatchObject({ type: 'error', request_id: expect.stringMatching(/^req_/) });
  });

  it('expires the requests not answered within the window', async () => {
    const client = await start({ expire: true, answerBeforeExpiry: ['a'] });
    const batch = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: params('ok') }, { custom_id: 'b', params: params('ok') }] });
    expect((await client.messages.batches.retrieve(batch.id)).request_counts).toMatchObject({ succeeded: 1, expired: 1 });
    expect((await results(client, batch.id)).map((r) => [r.custom_id, r.result.type])).toEqual([['a', 'succeeded'], ['b', 'expired']]);
  });

  it('cancels: canceling, then ended with every request canceled', async () => {
    const client = await start({ pollsToFinish: 5 });
    const batch = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: params('ok') }] });
    const canceling = await client.messages.batches.cancel(batch.id);
    expect(canceling).toMatchObject({ processing_status: 'canceling', cancel_initiated_at: expect.any(String) });
    expect((await client.messages.batches.retrieve(batch.id)).request_counts).toMatchObject({ canceled: 1, processing: 0 });
    expect((await results(client, batch.id)).map((r) => r.result.type)).toEqual(['canceled']);
    expect(fake!.interactive.requests.length).toBe(0);
  });
});
