/**
 * Lines of a review that a judge could quote, by markdown role, for the regression set's generated
 * probes: headings, list items, table rows and prose lines, with their markers removed (as a judge
 * would quote them) and their raw form kept. Code blocks and lines with an ellipsis are left out:
 * the first are rarely quoted, the second would read as elided quotes. Pure: no I/O.
 */
import { skeleton } from './quoteSkeleton.ts';

/** One quotable line. */
export interface Passage {
  role: 'heading' | 'list-item' | 'table-row' | 'prose';
  /** The line as written. */
  raw: string;
  /** Without its heading, bullet, number or quote marker (table rows keep their pipes). */
  text: string;
  /** 0-based line index in the review. */
  line: number;
  /** Skeleton length of the text, the measure of how much it says. */
  size: number;
}

const MARKER = /^\s*(?:(?:#{1,6}|>|[-+*•・]|\d{1,3}[.)])\s+)+/u;
const ELLIPSIS = /\.{3}|…|⋯|‥|・・・/u;

/** Every quotable line of a review with at least `minSize` skeleton characters. */
export function reviewPassages(review: string, minSize = 24): Passage[] {
  const out: Passage[] = [];
  let inCode = false;
  review.split(/\r?\n/).forEach((raw, line) => {
    if (/^\s*(```|~~~)/.test(raw)) inCode = !inCode;
    if (inCode || ELLIPSIS.test(raw) || /^\s*\|?[\s:|-]+\|?\s*$/.test(raw)) return;
    const role: Passage['role'] = /^\s*#{1,6}\s/.test(raw) ? 'heading' : /^\s*\|/.test(raw) ? 'table-row' : MARKER.test(raw) ? 'list-item' : 'prose';
    const text = role === 'table-row' ? raw.trim() : raw.replace(MARKER, '').trim();
    const size = skeleton(text).length;
    if (size >= minSize) out.push({ role, raw, text, line, size });
  });
  return out;
}

/** Whether a text is mostly Japanese (kana or kanji): the generators then edit characters, not words. */
export function isJapanese(text: string): boolean {
  const cjk = text.match(/[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/gu)?.length ?? 0;
  return cjk >= 0.3 * skeleton(text).replace(/ /g, '').length;
}

/** A random window of a long passage: 8-24 words, or 16-60 characters of Japanese; short ones whole. */
export function window(text: string, rand: () => number): string {
  if (isJapanese(text)) {
    const chars = [...text];
    if (chars.length <= 60) return text;
    const length = 16 + Math.floor(rand() * 45);
    const start = Math.floor(rand() * (chars.length - length));
    return chars.slice(start, start + length).join('').trim();
  }
  const words = text.split(/\s+/);
  if (words.length <= 24) return text;
  const length = 8 + Math.floor(rand() * 17);
  const start = Math.floor(rand() * (words.length - length));
  return words.slice(start, start + length).join(' ');
}

/** Picks one element at random (undefined for an empty list). */
export function pick<T>(items: readonly T[], rand: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(rand() * items.length)];
}

/** A shuffled copy (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
