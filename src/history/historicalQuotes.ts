/**
 * The quotes historical graders wrote in one scoring file, paired with the run file they quote
 * and classified by the skeleton oracle: faithful (the run's text up to formatting, punctuation
 * and symbols) or not in the review (a paraphrase, or text of the answer key, the rubric or the
 * design document). Pure: no I/O.
 */
import { normalizeForQuote, quoteWidth, MIN_QUOTE_WIDTH } from '../judge/evidence.ts';
import type { QuoteProbe } from './QuoteProbe.ts';
import { extractQuotes } from './quoteExtract.ts';
import { skeletonIndex } from './quoteSkeleton.ts';

/** A run file of the scoring file's prompt: its key in the set and its text. */
export interface RunText {
  key: string;
  text: string;
}

/** The scoring file's quotes, split by class; quotes too short to check are only counted. */
export interface HistoricalQuotes {
  faithful: QuoteProbe<'historical'>[];
  notInReview: QuoteProbe<'not-in-review'>[];
  tooShort: number;
}

/** Whitespace-insensitive literal text: the first, stricter way of telling which run a quote comes from. */
const literal = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Classifies a scoring file's quotes against its runs. A quote is paired with the run that holds
 * it literally (whitespace aside), else the first run whose skeleton holds it; one (run, quote)
 * pair is kept once. A quote in no run is paired with the first run and classed not in review.
 */
export function historicalQuotes(scoringKey: string, scoringText: string, runs: readonly RunText[]): HistoricalQuotes {
  const indexed = runs.map((r) => ({ key: r.key, literal: literal(r.text), skeleton: skeletonIndex(r.text) }));
  const out: HistoricalQuotes = { faithful: [], notInReview: [], tooShort: 0 };
  const seen = new Set<string>();
  for (const q of extractQuotes(scoringText)) {
    if (quoteWidth(normalizeForQuote(q.quote)) < MIN_QUOTE_WIDTH) {
      out.tooShort++;
      continue;
    }
    const text = literal(q.quote);
    const run = indexed.find((r) => r.literal.includes(text)) ?? indexed.find((r) => r.skeleton.containsElided(q.quote));
    const review = run?.key ?? indexed[0]?.key;
    if (review === undefined || seen.has(`${review}\n${q.quote}`)) continue;
    seen.add(`${review}\n${q.quote}`);
    const source = `${scoringKey}:${q.line}`;
    if (run) out.faithful.push({ kind: 'historical', review, quote: q.quote, source });
    else out.notInReview.push({ kind: 'not-in-review', review, quote: q.quote, source });
  }
  return out;
}
