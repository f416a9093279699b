/**
 * Generated alterations: real passages of a review changed the ways a judge's quote can be wrong
 * — a word swapped, a negation inserted or removed, a number changed, a real opening followed by
 * a made-up tail after `...`, fragments of two findings far apart stitched together, fragments out
 * of order, a line of another review. Each is kept only if the skeleton oracle confirms it is not
 * the review's text (for stitched ones: both fragments occur once, far apart). Pure, seeded.
 */
import type { AlterationKind, QuoteProbe } from './QuoteProbe.ts';
import { isJapanese, pick, reviewPassages, shuffled, window, type Passage } from './reviewPassages.ts';
import { MIN_QUOTE_WIDTH, normalizeForQuote, quoteWidth } from '../judge/evidence.ts';
import { skeleton, skeletonIndex, type SkeletonIndex } from './quoteSkeleton.ts';

/** What a generator may draw on besides the passage: the review's own passages and words, and other reviews' passages. */
interface Context {
  passages: readonly Passage[];
  oracle: SkeletonIndex;
  vocabulary: readonly string[];
  others: readonly Passage[];
  /** Skeleton distance that separates "far apart" fragments: the checker's gap bound with a margin. */
  farApart: number;
  rand: () => number;
}

type Alter = (p: Passage, ctx: Context) => string | null;

const EN_WORD = /[A-Za-z][A-Za-z'-]{3,}/g;
const JA_RUN = /[\p{scx=Han}\p{scx=Katakana}]{2,}/gu;
/** Negation-free → negated (Japanese): the predicate endings a review's findings use. */
const JA_NEGATE: readonly [RegExp, string][] = [[/されている/u, 'されていない'], [/している/u, 'していない'], [/がある/u, 'がない'], [/できる/u, 'できない'], [/される/u, 'されない']];
const JA_AFFIRM: readonly [RegExp, string][] = [[/されていない/u, 'されている'], [/していない/u, 'している'], [/がない/u, 'がある'], [/できない/u, 'できる'], [/ない/u, 'ある']];

/** Replaces the `n`th match of a global pattern in `text`. */
function replaceNth(text: string, re: RegExp, n: number, by: (m: string) => string): string {
  let i = 0;
  return text.replace(re, (m) => (i++ === n ? by(m) : m));
}

const ALTERATIONS: Record<Exclude<AlterationKind, 'stitched-far' | 'out-of-order'>, Alter> = {
  'word-swap': (p, ctx) => {
    const w = window(p.text, ctx.rand);
    const japanese = isJapanese(w);
    const re = japanese ? JA_RUN : EN_WORD;
    const words = w.match(re) ?? [];
    if (words.length === 0) return null;
    const target = Math.floor(ctx.rand() * words.length);
    const pool = ctx.vocabulary.filter((v) => (japanese ? /^[\p{scx=Han}\p{scx=Katakana}]+$/u.test(v) : /^[a-z]/i.test(v)));
    const by = pick(pool, ctx.rand);
    return by && by.toLowerCase() !== words[target]!.toLowerCase() ? replaceNth(w, re, target, () => by) : null;
  },
  'adjacent-swap': (p, ctx) => {
    const words = window(p.text, ctx.rand).split(' ');
    if (isJapanese(p.text) || words.length < 4) return null;
    const i = Math.floor(ctx.rand() * (words.length - 1));
    if (skeleton(words[i]!) === skeleton(words[i + 1]!)) return null;
    [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
    return words.join(' ');
  },
  'negation-inserted': (p, ctx) => {
    const w = window(p.text, ctx.rand);
    if (isJapanese(w)) {
      const rule = JA_NEGATE.find(([re]) => re.test(w));
      return rule ? w.replace(rule[0], rule[1]) : null;
    }
    return /\b(is|are|was|were|can|will|should|must|does|do|has|have)\b/i.test(w) ? w.replace(/\b(is|are|was|were|can|will|should|must|does|do|has|have)\b/i, '$1 not') : null;
  },
  'negation-removed': (p, ctx) => {
    const w = window(p.text, ctx.rand);
    if (isJapanese(w)) {
      const rule = JA_AFFIRM.find(([re]) => re.test(w));
      return rule ? w.replace(rule[0], rule[1]) : null;
    }
    if (/\bcannot\b/i.test(w)) return w.replace(/\bcannot\b/i, 'can');
    return /\b(not|no|never|without)\s+/i.test(w) ? w.replace(/\b(not|no|never|without)\s+/i, '') : null;
  },
  'number-changed': (p, ctx) => {
    const w = window(p.text, ctx.rand);
    const numbers = w.match(/\d+/g) ?? [];
    if (numbers.length === 0) return null;
    return replaceNth(w, /\d+/g, Math.floor(ctx.rand() * numbers.length), (n) => String(Number(n) + (n.endsWith('9') ? -1 : 1)));
  },
  // A short tail is the point: the old check skipped fragments under 8 characters.
  'fabricated-short-tail': (p, ctx) => fabricatedTail(p, ctx, true),
  'fabricated-tail': (p, ctx) => fabricatedTail(p, ctx, false),
  'other-review': (_p, ctx) => {
    const other = pick(ctx.others, ctx.rand);
    return other ? window(other.text, ctx.rand) : null;
  },
};

/** The passage's opening words, `...`, and words of another review that are nowhere in this one: short (< 8 characters) or not. */
function fabricatedTail(p: Passage, ctx: Context, short: boolean): string | null {
  const other = pick(ctx.others, ctx.rand);
  if (!other) return null;
  const japanese = isJapanese(p.text);
  const opening = japanese ? [...p.text].slice(0, 8 + Math.floor(ctx.rand() * 8)).join('') : p.text.split(/\s+/).slice(0, 3 + Math.floor(ctx.rand() * 4)).join(' ');
  let tail: string;
  if (japanese) {
    const chars = [...other.text.replace(/\s+/g, '')];
    const start = Math.floor(ctx.rand() * Math.max(1, chars.length - 8));
    tail = chars.slice(start, start + (short ? 2 + Math.floor(ctx.rand() * 2) : 5 + Math.floor(ctx.rand() * 4))).join('');
  } else {
    const words = other.text.split(/\s+/);
    const start = Math.floor(ctx.rand() * Math.max(1, words.length - 3));
    tail = words.slice(start, start + 1 + Math.floor(ctx.rand() * 3)).join(' ');
  }
  const width = quoteWidth(normalizeForQuote(tail));
  if (width === 0 || short !== width < MIN_QUOTE_WIDTH || ctx.oracle.contains(tail)) return null;
  return `${opening} ${pick(['...', '…', '[...]'], ctx.rand)!} ${tail}`;
}

/** The opening or closing words of a passage, as one elided fragment. */
function fragmentOf(p: Passage, end: 'start' | 'end'): string {
  if (isJapanese(p.text)) {
    const chars = [...p.text];
    return (end === 'start' ? chars.slice(0, 12) : chars.slice(-12)).join('');
  }
  const words = p.text.split(/\s+/);
  return (end === 'start' ? words.slice(0, 5) : words.slice(-5)).join(' ');
}

/** Two fragments of passages far apart (with a heading between them): `A ... B`, or `B ... A` out of order. */
function stitched(p: Passage, ctx: Context, order: 'far' | 'reversed'): string | null {
  const a = fragmentOf(p, 'start');
  const aSkeleton = skeleton(a);
  const at = ctx.oracle.text.indexOf(aSkeleton);
  if (at < 0 || ctx.oracle.text.indexOf(aSkeleton, at + 1) >= 0) return null;
  const later = ctx.passages.filter((q) => q.line > p.line && ctx.passages.some((h) => h.role === 'heading' && h.line > p.line && h.line < q.line));
  const q = pick(later, ctx.rand);
  if (!q) return null;
  const b = fragmentOf(q, 'end');
  const bSkeleton = skeleton(b);
  const bt = ctx.oracle.text.indexOf(bSkeleton);
  if (bt < 0 || ctx.oracle.text.indexOf(bSkeleton, bt + 1) >= 0) return null;
  if (order === 'far') return bt - (at + aSkeleton.length) > ctx.farApart ? `${a} ... ${b}` : null;
  return bt > at + aSkeleton.length ? `${b} ... ${a}` : null;
}

/**
 * Up to `perKind` alterations of each kind for one review. `others` are passages of reviews of
 * other series (the source of made-up tails and foreign lines); `farApart` is the skeleton
 * distance beyond which stitched fragments count as far apart.
 */
export function quoteAlterations(reviewKey: string, review: string, others: readonly Passage[], farApart: number, rand: () => number, perKind = 3): QuoteProbe<AlterationKind>[] {
  const passages = reviewPassages(review);
  const oracle = skeletonIndex(review);
  const vocabulary = [...new Set([...review.matchAll(EN_WORD), ...review.matchAll(JA_RUN)].map((m) => m[0]))].sort();
  const ctx: Context = { passages, oracle, vocabulary, others, farApart, rand };
  const kinds: [AlterationKind, Alter][] = [
    ...(Object.entries(ALTERATIONS) as [AlterationKind, Alter][]),
    ['stitched-far', (p, c) => stitched(p, c, 'far')],
    ['out-of-order', (p, c) => stitched(p, c, 'reversed')],
  ];
  const out: QuoteProbe<AlterationKind>[] = [];
  for (const [kind, alter] of kinds) {
    let made = 0;
    for (const p of shuffled(passages, rand)) {
      if (made >= perKind) break;
      const quote = alter(p, ctx);
      // The ground truth: an alteration is not the review's text, however it is formatted.
      if (quote === null || skeleton(quote).length < 8 || oracle.containsElided(quote) && kind !== 'stitched-far') continue;
      out.push({ kind, review: reviewKey, quote, source: `${reviewKey}:${p.line + 1}` });
      made++;
    }
  }
  return out;
}
