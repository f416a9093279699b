/**
 * Generated faithful quotes: real passages of a review rewritten the harmless ways LLM judges
 * rewrite what they quote (measured in the historical scoring files): a final period, wrapping
 * quote marks, curly quotes, `->` for `→`, markup dropped, list items or a heading and its body
 * joined, a table row re-formatted, a wrapped line joined, the middle elided, full-width letters.
 * Each is kept only if the skeleton oracle confirms it is still the review's text. Pure, seeded.
 */
import type { QuoteProbe, FaithfulKind } from './QuoteProbe.ts';
import { isJapanese, pick, reviewPassages, shuffled, window, type Passage } from './reviewPassages.ts';
import { skeletonIndex } from './quoteSkeleton.ts';

type Rewrite = (p: Passage, all: readonly Passage[], rand: () => number) => string | null;

const WRAPS: readonly [string, string][] = [['"', '"'], ['“', '”'], ["'", "'"], ['「', '」'], ['`', '`']];

/** Passage text without its emphasis and code markers. */
const unmarked = (s: string) => s.replace(/\*\*|__|`/g, '');

/** The next passage if it is the next line of the review. */
function following(p: Passage, all: readonly Passage[]): Passage | undefined {
  const i = all.indexOf(p);
  const next = all[i + 1];
  return next && next.line === p.line + 1 ? next : undefined;
}

/** The rewrites, by kind; null when a passage does not lend itself to one. */
const REWRITES: Record<Exclude<FaithfulKind, 'historical' | 'hand-written'>, Rewrite> = {
  'trailing-period': (p, _all, rand) => {
    const w = window(p.role === 'table-row' ? '' : p.text, rand).replace(/[.。]$/u, '');
    return w ? w + (isJapanese(w) ? '。' : '.') : null;
  },
  'wrapped-in-quotes': (p, _all, rand) => {
    const [open, close] = pick(WRAPS, rand)!;
    const w = window(p.text, rand);
    return w.includes(open) || w.includes(close) ? null : open + w + close;
  },
  'curly-quotes': (p) => (/["']/.test(p.text) ? p.text.replace(/"([^"]*)"/g, '“$1”').replace(/'/g, '’') : null),
  'arrow-rewritten': (p) => (p.text.includes('→') ? p.text.replace(/→/g, '->') : p.text.includes('->') ? p.text.replace(/->/g, '→') : null),
  'markup-removed': (p) => (/\*\*|`/.test(p.text) ? unmarked(p.text) : null),
  'dash-rewritten': (p) => (/ - /.test(p.text) ? p.text.replace(/ - /g, ' — ') : / — /.test(p.text) ? p.text.replace(/ — /g, ' - ') : null),
  'joined-list-items': (p, all, rand) => {
    const next = following(p, all);
    if (p.role !== 'list-item' || next?.role !== 'list-item') return null;
    return p.text + pick(['; ', ', ', ' ', ' / '], rand)! + next.text;
  },
  'table-row-reformatted': (p, _all, rand) => {
    if (p.role !== 'table-row') return null;
    const cells = p.text.split('|').map((c) => c.trim()).filter((c) => c !== '');
    if (cells.length < 2) return null;
    return pick([(c: string[]) => `${c[0]}: ${c.slice(1).join(', ')}`, (c: string[]) => c.join(' - '), (c: string[]) => c.join(' | ')], rand)!(cells);
  },
  'heading-joined': (p, all, rand) => {
    const next = all.find((q) => q.line > p.line && q.line <= p.line + 2);
    if (p.role !== 'heading' || !next || next.role === 'heading' || next.role === 'table-row') return null;
    return unmarked(p.text) + pick([': ', ' - ', '. ', ' '], rand)! + window(next.text, rand);
  },
  'wrapped-line-joined': (p, all) => {
    const next = following(p, all);
    return p.role === 'prose' && next?.role === 'prose' ? `${p.text} ${next.text}` : null;
  },
  'elided-middle': (p, _all, rand) => {
    if (isJapanese(p.text)) {
      const chars = [...p.text];
      if (chars.length < 30 || chars.length > 250) return null;
      return chars.slice(0, 8 + Math.floor(rand() * 6)).join('') + pick(['…', '...', '・・・'], rand)! + chars.slice(-8).join('');
    }
    const words = p.text.split(/\s+/);
    if (words.length < 14 || p.text.length > 500) return null;
    return `${words.slice(0, 4).join(' ')} ${pick(['...', '…', '[...]'], rand)!} ${words.slice(-4).join(' ')}`;
  },
  'full-width': (p, _all, rand) => {
    const w = window(p.text, rand);
    // NFKC maps full-width forms back: judges writing Japanese often type ＡＰＩ or （…）.
    return /[A-Za-z0-9()]/.test(w) ? w.replace(/[A-Za-z0-9()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : null;
  },
};

/** Up to `perKind` faithful rewrites of each kind for one review, confirmed by the skeleton oracle. */
export function faithfulRewrites(reviewKey: string, review: string, rand: () => number, perKind = 1): QuoteProbe<FaithfulKind>[] {
  const passages = reviewPassages(review);
  const oracle = skeletonIndex(review);
  const out: QuoteProbe<FaithfulKind>[] = [];
  for (const [kind, rewrite] of Object.entries(REWRITES) as [FaithfulKind, Rewrite][]) {
    let made = 0;
    for (const p of shuffled(passages, rand)) {
      if (made >= perKind) break;
      const quote = rewrite(p, passages, rand);
      if (quote === null || !oracle.containsElided(quote)) continue;
      out.push({ kind, review: reviewKey, quote, source: `${reviewKey}:${p.line + 1}` });
      made++;
    }
  }
  return out;
}
