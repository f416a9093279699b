import type { ClosestPassage } from '../judge/evidence.ts';

/** One quote's answer: where it stands in the review (null when not found) and the closest passage. */
export interface QuoteCheck {
  quote: string;
  located: { start: number; end: number } | null;
  closest: ClosestPassage | null;
}

/** Characters of a quote or passage shown per line. */
const SHOWN = 100;

/**
 * The text output of `quote-check <review>`: one line per quote (✓ with its line in the review,
 * ✗ with the closest passage and what differs), then a count. Pure.
 */
export function formatQuoteChecks(checks: readonly QuoteCheck[], review: string, reviewPath: string): string {
  const lines: string[] = [];
  checks.forEach((c, i) => {
    const n = `${i + 1}.`;
    if (c.located) {
      lines.push(`✓ ${n} "${shorten(c.quote)}"  (${reviewPath}:${lineOf(review, c.located.start)}, characters ${c.located.start}-${c.located.end})`);
      return;
    }
    lines.push(`✗ ${n} "${shorten(c.quote)}"`);
    if (!c.closest) {
      lines.push('     not found: nothing in the review shares a word with it');
      return;
    }
    lines.push(`     closest (${reviewPath}:${lineOf(review, c.closest.start)}): "${shorten(c.closest.passage)}"`);
    for (const d of c.closest.differences) lines.push(`     - ${d}`);
  });
  const verified = checks.filter((c) => c.located).length;
  lines.push(`${checks.length} quote${checks.length === 1 ? '' : 's'}: ${verified} verified, ${checks.length - verified} not found`);
  return lines.join('\n') + '\n';
}

/** 1-based line of a UTF-16 offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function shorten(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN ? flat.slice(0, SHOWN - 1) + '…' : flat;
}
