import { describe, expect, it } from 'vitest';
import type { Answer, Executor } from '../judge/Executor.ts';
import type { Provider, Usage } from '../types/Provider.ts';
import { messagesText, truncatedInputReason, truncationCheckingExecutor } from './truncatedInput.ts';

// 40,000 ASCII characters: about 10,000 estimated tokens (10,001 with the joining line break), the size of a long review's prompt.
const body = { model: 'm', messages: [{ role: 'system', content: 'x'.repeat(8000) }, { role: 'user', content: 'y'.repeat(32000) }] };
const usage = (inputTokens: number, cachedInputTokens = 0): Usage => ({ inputTokens, outputTokens: 50, cachedInputTokens, cacheWriteTokens: 0 });

describe('truncatedInputReason', () => {
  it.each<[string, Usage, boolean]>([
    ['the whole prompt read', usage(10_100), false],
    ['a tokenizer 30% thriftier than the estimate', usage(7000), false],
    ['just above the 60% line', usage(6001), false],
    ['cut at Ollama\'s 4096 default', usage(4096), true],
    ['cut at 2048', usage(2048), true],
    ['usage not reported', usage(0), false],
    ['cached tokens counted apart from new ones', usage(500, 9500), false],
    ['cached tokens inside prompt_tokens, cut', usage(4096, 3000), true],
  ])('%s → truncated %s', (_name, u, truncated) => {
    expect(truncatedInputReason(body, u) !== null).toBe(truncated);
  });

  it('says what was read, what was sent and how to raise the context', () => {
    const reason = truncatedInputReason(body, usage(4096))!;
    expect(reason).toContain('read 4096 prompt tokens of about 10001 sent');
    expect(reason).toContain('OLLAMA_CONTEXT_LENGTH=32768 ollama serve');
    expect(reason).toContain('-c 32768');
  });

  it('reads string contents and text parts', () => {
    expect(messagesText({ messages: [{ content: 'a' }, { content: [{ type: 'text', text: 'b' }, { type: 'image_url' }] }] })).toBe('a\nb');
    expect(messagesText({})).toBe('');
  });
});

describe('truncationCheckingExecutor', () => {
  const answer: Answer = { ok: true, samples: [{ ok: true, rawText: '{}' }, { ok: true, rawText: '{}' }], raw: {}, usage: usage(4096), latencyMs: 5 };
  const inner: Executor = { run: (_j, _r, _s, _d, handle) => handle(answer) };
  const judge = (kind: Provider['kind']) => ({ id: `${kind}:m`, kind }) as Provider;
  const run = (kind: Provider['kind']) => truncationCheckingExecutor(inner).run(judge(kind), { body, samples: 1 }, 1, { priority: 0, group: '' }, async (a) => a);

  it('turns every sample of a cut openai-compatible answer into a truncated-input failure', async () => {
    const a = await run('openai-compatible');
    expect(a.ok && a.samples.map((s) => (s.ok ? 'ok' : s.kind))).toEqual(['truncated-input', 'truncated-input']);
  });

  it('leaves hosted APIs alone (they reject an oversized prompt instead)', async () => {
    expect(await run('openai')).toBe(answer);
    expect(await run('anthropic')).toBe(answer);
  });
});
