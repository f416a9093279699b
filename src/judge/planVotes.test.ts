import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRecordingProvider } from '../../test/fakes/recordingProvider.ts';
import { largerOutputTokens, planVotes, type JudgeTask } from './planVotes.ts';

describe('largerOutputTokens', () => {
  it.each([
    ['doubles', 4736, { budget: 4096, max: 32768 }, 9472],
    ['stops at the maximum', 20000, { budget: 4096, max: 32768 }, 32768],
    ['cannot grow at the maximum', 32768, { budget: 4096, max: 32768 }, null],
    ['cannot grow without a documented maximum', 4096, { budget: 4096, max: 4096 }, null],
  ])('%s', (_case, sent, limits, expected) => expect(largerOutputTokens(sent, limits)).toBe(expected));
});

const task = (extra: Partial<JudgeTask<unknown>> = {}): JudgeTask<unknown> => ({
  prompt: { instructions: 'i', review: 'r', task: 't' },
  schema: { name: 's', jsonSchema: { type: 'object' } },
  output: z.unknown(),
  countsAs: () => '○',
  ...extra,
});

describe('planVotes output budgets', () => {
  const judge = createRecordingProvider(() => {
    throw new Error('not sent');
  }, { outputTokens: { budget: 4096, max: 32768 } });

  it('sends the task budget in the body, so a budget is part of every vote key', () => {
    const plain = planVotes(task(), [judge], 2, '').judges[0]!;
    const sized = planVotes(task({ outputTokens: (l) => l.budget + 640 }), [judge], 2, '').judges[0]!;
    expect(plain.request.body.max_tokens).toBe(4096);
    expect(sized.request.body.max_tokens).toBe(4736);
    expect(sized.outputTokens).toBe(4736);
    expect(sized.slots.map((s) => s.key)).not.toEqual(plain.slots.map((s) => s.key));
  });

  it('clamps a task budget to the judge maximum', () => {
    expect(planVotes(task({ outputTokens: () => 1e6 }), [judge], 1, '').judges[0]!.request.body.max_tokens).toBe(32768);
  });

  it('plans the larger-budget request only for tasks that retry truncations, with its own keys', () => {
    expect(planVotes(task({ outputTokens: () => 4736 }), [judge], 2, '').judges[0]!.larger()).toBeNull();
    const jp = planVotes(task({ outputTokens: () => 4736, retryTruncated: true }), [judge], 2, '').judges[0]!;
    const larger = jp.larger()!;
    expect(larger.request.body.max_tokens).toBe(9472);
    expect(larger.outputTokens).toBe(9472);
    expect(larger.slots.map((s) => s.voteIndex)).toEqual([0, 1]);
    expect(larger.slots[0]!.key).not.toBe(jp.slots[0]!.key);
    // Asked once only: the larger plan has no larger one of its own.
    expect(larger.larger()).toBeNull();
    expect(jp.larger()).toBe(larger);
  });
});
