/**
 * The generated probes of the regression set on texts written here: faithful rewrites verify,
 * alterations do not, and the same seed gives the same probes.
 */
import { describe, expect, it } from 'vitest';
import { createQuoteIndex, MAX_FRAGMENT_GAP } from '../judge/evidence.ts';
import { mulberry32 } from '../score/prng.ts';
import { faithfulRewrites } from './faithfulRewrites.ts';
import { EN_EXCERPT, JA_EXCERPT } from './handWrittenQuotes.ts';
import { quoteAlterations } from './quoteAlterations.ts';
import { isJapanese, reviewPassages } from './reviewPassages.ts';

/** A longer review: findings far enough apart for stitched probes. */
const LONG = [EN_EXCERPT, ...Array.from({ length: 6 }, (_, i) => `\n## Finding ${i + 3}: Topic number ${i + 3} of the review\n\n${`Paragraph ${i} explains consequence ${i} of missing safeguard ${i} with example ${i * 7} and cost ${i + 2}. `.repeat(8)}\n- Item ${i} is not covered by the design\n- Item ${i} needs a retry budget of ${i + 1}\n`)].join('');
const FOREIGN = reviewPassages('# Other review\n\n- Quantum entanglement of penguin databases is unusual.\n- Zebra stripes alphabet soup marmalade voyage.\n- 鳥類図鑑の挿絵が色褪せて見える。\n');

describe('faithfulRewrites', () => {
  it.each([['en', LONG], ['ja', JA_EXCERPT]] as const)('%s: every rewrite verifies', (_name, review) => {
    const probes = faithfulRewrites('r', review, mulberry32(1), 3);
    expect(probes.length).toBeGreaterThan(10);
    const index = createQuoteIndex(review);
    for (const p of probes) expect(index.has(p.quote), `${p.kind}: ${p.quote}`).toBe(true);
  });

  it('makes every kind the English review allows', () => {
    const kinds = new Set(faithfulRewrites('r', LONG, mulberry32(2), 3).map((p) => p.kind));
    for (const k of ['trailing-period', 'wrapped-in-quotes', 'curly-quotes', 'arrow-rewritten', 'markup-removed', 'joined-list-items', 'table-row-reformatted', 'heading-joined', 'elided-middle', 'full-width']) expect(kinds, k).toContain(k);
  });

  it('gives the same probes for the same seed', () => {
    expect(faithfulRewrites('r', LONG, mulberry32(3))).toEqual(faithfulRewrites('r', LONG, mulberry32(3)));
  });
});

describe('quoteAlterations', () => {
  it.each([['en', LONG], ['ja', JA_EXCERPT]] as const)('%s: no alteration verifies', (_name, review) => {
    const probes = quoteAlterations('r', review, FOREIGN, 2 * MAX_FRAGMENT_GAP, mulberry32(4), 5);
    expect(probes.length).toBeGreaterThan(10);
    const index = createQuoteIndex(review);
    for (const p of probes) expect(index.has(p.quote), `${p.kind}: ${p.quote}`).toBe(false);
  });

  it('makes every kind on a long English review', () => {
    const kinds = new Set(quoteAlterations('r', LONG, FOREIGN, 2 * MAX_FRAGMENT_GAP, mulberry32(5), 5).map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['adjacent-swap', 'fabricated-short-tail', 'fabricated-tail', 'negation-inserted', 'negation-removed', 'number-changed', 'other-review', 'out-of-order', 'stitched-far', 'word-swap']);
  });

  it('gives short tails under 8 characters', () => {
    const tails = quoteAlterations('r', LONG, FOREIGN, 2 * MAX_FRAGMENT_GAP, mulberry32(6), 5).filter((p) => p.kind === 'fabricated-short-tail');
    expect(tails.length).toBeGreaterThan(0);
    for (const p of tails) expect(p.quote.split(/\.\.\.|…|\[\.\.\.\]/).at(-1)!.trim().length).toBeLessThan(8);
  });

  it('gives the same probes for the same seed', () => {
    const make = () => quoteAlterations('r', LONG, FOREIGN, 2 * MAX_FRAGMENT_GAP, mulberry32(7));
    expect(make()).toEqual(make());
  });
});

describe('reviewPassages', () => {
  it('reads roles, drops markers, skips code, separators and elided lines', () => {
    const passages = reviewPassages('# A heading that is long enough\n\n- a list item that is long enough here\n| a table | row that is long enough |\n|---|---|\n```\ncode block line that is long enough\n```\nprose line ... with an ellipsis inside it\nprose line that is long enough to count');
    expect(passages.map((p) => [p.role, p.text])).toEqual([
      ['heading', 'A heading that is long enough'],
      ['list-item', 'a list item that is long enough here'],
      ['table-row', '| a table | row that is long enough |'],
      ['prose', 'prose line that is long enough to count'],
    ]);
  });

  it.each([['認証トークンが平文で出力される', true], ['Plain English text', false], ['API 呼び出しのタイムアウト', true]] as const)('isJapanese(%j) = %s', (text, expected) => {
    expect(isJapanese(text)).toBe(expected);
  });
});
