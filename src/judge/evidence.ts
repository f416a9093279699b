/**
 * Mechanical check that a judge's evidence quotes occur in the review: our guard against
 * hallucinated detections. Both sides go through the same normalisation, so anything it
 * deletes can only make two texts that differ in formatting compare equal, never the reverse.
 * Pure: no I/O.
 */
import type { Verdict } from './vote.ts';
import type { EvidencePolicy } from '../types/Verdicts.ts';

/** Kana, kanji and CJK punctuation: characters between which spacing carries no meaning. */
const CJK = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303f`;
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}]) | (?=[${CJK}])`, 'gu');

/** Markers that only mean something at the start of a markdown line: headings, quotes, bullets. */
const LINE_MARKERS =
  /^\s*(?:>\s*|(?:#{1,6}|[-+*•]|\d{1,3}[.)])(?:\s+|$)|・\s*|\[[ xX]\](?:\s+|$))*/u;

/** Bullet-like tokens standing alone mid-line: what a line-start bullet becomes inside a quote that spans lines. */
const BARE_MARKERS = /(^|\s)[-+:•・>#]+(?=\s|$)/gu;

/** `[text](url)` and `![alt](src)`: judges quote the visible text. */
const LINK = /!?\[([^\]\n]*)\]\([^)\n]*\)/g;

/** Ellipses a judge may use to elide part of a quote, optionally bracketed: `...`, `…`, `⋯`, `‥`, `・・・`, `[…]`. */
const ELLIPSIS = /\s*[[(（]?\s*(?:\.{3,}|…+|⋯+|‥+|・{3,})\s*[\])）]?\s*/u;

/**
 * Minimum quote width after normalisation: a CJK character counts 2, anything else 1.
 * 8 means ≥ 8 Latin characters (about two words) or ≥ 4 kana/kanji (one or two words), which
 * carry roughly the same information; shorter quotes match almost any review by chance.
 */
export const MIN_QUOTE_WIDTH = 8;

/**
 * Normalises text so that a quote copied from rendered or raw markdown matches the review:
 * NFKC; markdown line markers (`#`, `>`, `-`/`*`/`+`/`•`/`・` bullets, `1.` numbers, `[ ]`)
 * dropped at line start; links reduced to their text; `*`, `_`, `` ` `` and `~~` deleted
 * everywhere (so `snake_case` becomes `snakecase` on both sides, accepted as harmless);
 * table pipes → spaces; lone bullet-like tokens (`-`, `+`, `:`, `•`, `・`, `>`, `#`) dropped;
 * whitespace runs → one space; spaces next to a CJK character dropped (Japanese has none,
 * and markdown line wrapping inserts them); trimmed; lowercased.
 */
export function normalizeForQuote(text: string): string {
  return text
    .normalize('NFKC')
    .split(/\r\n?|\n/)
    .map((line) => line.replace(LINE_MARKERS, ''))
    .join('\n')
    .replace(LINK, '$1')
    .replace(/~~/g, '')
    .replace(/[*_`]/g, '')
    .replace(/\|/g, ' ')
    .replace(BARE_MARKERS, '$1')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(SPACE_NEXT_TO_CJK, '')
    .toLowerCase();
}

/** Width of a normalised quote as `MIN_QUOTE_WIDTH` counts it. */
export function quoteWidth(normalised: string): number {
  let width = 0;
  for (const ch of normalised) width += CJK_CHAR.test(ch) ? 2 : 1;
  return width;
}

/** A review normalised once, queried for every quote a judge cites from it. */
export interface QuoteIndex {
  /** True when the quote (possibly elided with `...`/`…`) occurs in the review. */
  has(quote: string): boolean;
  /** Where the verified quote sits in the review (character offsets), or null when it does not verify. */
  locate(quote: string): { start: number; end: number } | null;
}

/** Builds the index for one review; normalisation is the costly part, so do it once. */
export function createQuoteIndex(reviewText: string): QuoteIndex {
  const review = normalizeForQuote(reviewText);
  const index: QuoteIndex = {
    // Interim: offsets in the normalised text until the checker maps them back to the review.
    locate(quote: string) {
      if (!index.has(quote)) return null;
      const first = quote.split(ELLIPSIS).map(normalizeForQuote).find((f) => f.length > 0) ?? '';
      const start = Math.max(0, review.indexOf(first));
      return { start, end: start + normalizeForQuote(quote).length };
    },
    has(quote: string): boolean {
      const whole = normalizeForQuote(quote);
      // A literal `...` in the review (code, a quoted sentence) must still match as written.
      if (quoteWidth(whole) >= MIN_QUOTE_WIDTH && review.includes(whole)) return true;
      const pieces = quote.split(ELLIPSIS);
      if (pieces.length < 2) return false;
      // Tiny pieces around an elision ("the ... is") are skipped rather than failing the quote.
      const fragments = pieces.map(normalizeForQuote).filter((f) => quoteWidth(f) >= MIN_QUOTE_WIDTH);
      if (fragments.length === 0) return false;
      let from = 0;
      for (const fragment of fragments) {
        // Leftmost match leaves the most room for the later fragments, so greedy is exact.
        const at = review.indexOf(fragment, from);
        if (at < 0) return false;
        from = at + fragment.length;
      }
      return true;
    },
  };
  return index;
}

/** One-off check of a single quote; prefer `createQuoteIndex` when a review has several. */
export function verifyQuote(quote: string, reviewText: string): boolean {
  return createQuoteIndex(reviewText).has(quote);
}

/** `require`: a ○/△ without a verified quote counts as ×; `ignore`: verdicts stand, flags still reported. */
export type { EvidencePolicy };

/** A judge vote's verdict with its evidence; `location` and other fields pass through untouched. */
export interface VoteWithEvidence<E extends { quote: string }> {
  verdict: Verdict;
  evidence: readonly E[];
}

/** A vote after the quote check. */
export interface EvidenceCheck<E extends { quote: string }> {
  /** The verdict that counts in the tally. */
  effectiveVerdict: Verdict;
  /** False when a ○/△ vote has no quote found in the review; × needs no evidence, so always true. */
  verified: boolean;
  evidence: Array<E & { verified: boolean }>;
}

/** Checks a vote's quotes against the review and applies the policy. */
export function applyEvidencePolicy<E extends { quote: string }>(
  vote: VoteWithEvidence<E>,
  index: QuoteIndex,
  policy: EvidencePolicy,
): EvidenceCheck<E> {
  const evidence = vote.evidence.map((e) => ({ ...e, verified: index.has(e.quote) }));
  // One found quote is enough: extra paraphrased quotes next to a real one are not a hallucinated detection.
  const verified = vote.verdict === '×' || evidence.some((e) => e.verified);
  const effectiveVerdict = policy === 'require' && !verified ? '×' : vote.verdict;
  return { effectiveVerdict, verified, evidence };
}
