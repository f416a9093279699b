/** Shared inputs for the provider tests. */
import type { JudgePrompt, OutputSchema } from '../../src/types/Provider.ts';

/** A key that must reach the server's auth header and nowhere else. */
export const SECRET_KEY = 'sk-test-SECRETabcdef01';

/** A prompt whose three parts are easy to spot on the wire. */
export const PROMPT: JudgePrompt = {
  instructions: 'You are a strict judge. Answer in JSON.',
  review: '<review>\nThe design leaks connections under load.\n</review>',
  task: 'Problem P3: connection leak.\nCriteria: names the pool; names the fix.',
};

/** A strict-mode schema as the engine would pass it. */
export const SCHEMA: OutputSchema = {
  name: 'verdict',
  jsonSchema: {
    type: 'object',
    properties: { verdict: { type: 'string', enum: ['pass', 'fail'] }, reason: { type: 'string' } },
    required: ['verdict', 'reason'],
    additionalProperties: false,
  },
};

/** A passing verdict, as the fake servers serialise model output. */
export const PASS = { verdict: 'pass', reason: 'Names the pool and the fix.' };
/** A failing verdict, so multi-sample tests can tell choices apart. */
export const FAIL = { verdict: 'fail', reason: 'Does not name the fix.' };

/** A clock that advances by `step` on every read, so latency is exact. */
export function steppingClock(step: number): () => number {
  let now = 1000;
  return () => {
    const t = now;
    now += step;
    return t;
  };
}

/** Every header value and the raw body, for "the key went nowhere else" checks. */
export function everythingButAuth(req: { headers: Record<string, unknown>; rawBody: string }, authHeader: string): string {
  const others = Object.entries(req.headers).filter(([name]) => name !== authHeader);
  return JSON.stringify(others) + req.rawBody;
}
