import { describe, expect, it } from 'vitest';
import { identifyReviewFile, parseRunFileName } from './reviewFileName.ts';

describe('parseRunFileName', () => {
  it.each([
    ['v006-baseline-run1.md', { round: 6, prompt: 'baseline', run: 1 }],
    ['v012-variant-explicit-priority-run2.md', { round: 12, prompt: 'variant-explicit-priority', run: 2 }],
    ['v006-baseline-scoring.md', null],
    ['baseline-run1.md', null],
  ])('%s', (name, expected) => expect(parseRunFileName(name)).toEqual(expected));
});

describe('identifyReviewFile', () => {
  it.each([
    ['v006-variant-cot-run3.md', { prompt: 'variant-cot', run: 3 }],
    ['my-prompt-run2.md', { prompt: 'my-prompt', run: 2 }],
    ['review.md', { prompt: 'review', run: 1 }],
    ['alpha_run4.txt', { prompt: 'alpha', run: 4 }],
  ])('%s', (name, expected) => expect(identifyReviewFile(name)).toEqual(expected));
});
