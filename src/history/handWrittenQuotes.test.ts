import { describe, expect, it } from 'vitest';
import { createQuoteIndex } from '../judge/evidence.ts';
import { EN_EXCERPT, HAND_WRITTEN_QUOTES, JA_EXCERPT } from './handWrittenQuotes.ts';
import { legacyQuoteIndex } from './legacyQuoteCheck.ts';

const excerpts = { en: EN_EXCERPT, ja: JA_EXCERPT };
const current = { en: createQuoteIndex(EN_EXCERPT), ja: createQuoteIndex(JA_EXCERPT) };

describe('hand-written faithful quotes', () => {
  it('has at least 50 rows, each rewrite named once per excerpt', () => {
    expect(HAND_WRITTEN_QUOTES.length).toBeGreaterThanOrEqual(50);
    const names = HAND_WRITTEN_QUOTES.map((h) => `${h.excerpt}: ${h.rewrite}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(HAND_WRITTEN_QUOTES.map((h) => [`${h.excerpt}: ${h.rewrite}`, h] as const))('%s verifies', (_name, h) => {
    const located = current[h.excerpt].locate(h.quote);
    expect(located, JSON.stringify(current[h.excerpt].closest(h.quote))).not.toBeNull();
    expect(excerpts[h.excerpt].slice(located!.start, located!.end).length).toBeGreaterThan(0);
  });

  // The punctuation kinds: the check before issue 11 rejected every one of them.
  it.each([
    'trailing period',
    'curly double quotes',
    'single quotes',
    '-> for →',
    'quote wrapped in double quotes',
    'joined list items with a semicolon',
    'table row with colon',
    'heading joined to body with a colon',
  ])('en: %s was rejected by the old check', (rewrite) => {
    const row = HAND_WRITTEN_QUOTES.find((h) => h.excerpt === 'en' && h.rewrite === rewrite)!;
    expect(legacyQuoteIndex(EN_EXCERPT).has(row.quote)).toBe(false);
  });
});
