import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';

describe('fake servers', () => {
  it.each([
    // Real model ids: the fakes reject unknown ones before the script (and its hang) is reached.
    ['openai', startFakeOpenAI, '/v1/chat/completions', 'gpt-6-luna'],
    ['anthropic', startFakeAnthropic, '/v1/messages', 'claude-sonnet-5-5'],
  ] as const)('%s: close() does not wait for a hanging request', async (_name, start, path, model) => {
    const fake = await start(() => ({ type: 'hang' }));
    const pending = fetch(`${fake.url}${path}`, { method: 'POST', body: JSON.stringify({ model }) }).then(
      () => 'answered',
      () => 'failed',
    );
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = performance.now();
    await fake.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await pending).toBe('failed');
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path, body: { model } });
  });

  it('answers unknown routes with 404 and records them', async () => {
    const fake = await startFakeOpenAI(() => ({ type: 'json', outputs: [{}] }));
    const res = await fetch(`${fake.url}/v1/responses`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(fake.requests).toHaveLength(1);
    await fake.close();
  });
});
