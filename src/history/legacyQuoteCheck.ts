/**
 * The quote check as it was before issue 11 (src/judge/evidence.ts at commit a00e10c), frozen:
 * the regression set reports what the current check recovers from it and what it stops
 * accepting. Not used for scoring. Pure: no I/O.
 */

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
const MIN_QUOTE_WIDTH = 8;

/**
 * Normalises text so that a quote copied from rendered or raw markdown matches the review:
 * NFKC; markdown line markers (`#`, `>`, `-`/`*`/`+`/`•`/`・` bullets, `1.` numbers, `[ ]`)
 * dropped at line start; links reduced to their text; `*`, `_`, `` ` `` and `~~` deleted
 * everywhere (so `snake_case` becomes `snakecase` on both sides, accepted as harmless);
 * table pipes → spaces; lone bullet-like tokens (`-`, `+`, `:`, `•`, `・`, `>`, `#`) dropped;
 * whitespace runs → one space; spaces next to a CJK character dropped (Japanese has none,
 * and markdown line wrapping inserts them); trimmed; lowercased.
 */
function normalizeForQuote(text: string): string {
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
function quoteWidth(normalised: string): number {
  let width = 0;
  for (const ch of normalised) width += CJK_CHAR.test(ch) ? 2 : 1;
  return width;
}

/** The checker before issue 11 (commit a00e10c), unchanged: `has` as it answered then. */
export function legacyQuoteIndex(reviewText: string): { has(quote: string): boolean } {
  const review = normalizeForQuote(reviewText);
  return {
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
}
