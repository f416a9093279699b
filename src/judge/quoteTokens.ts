/**
 * Tokens of folded text for similarity and word diffs: a word (a run of letters, digits and kept
 * symbols) or one CJK character, since Japanese has no spaces to split words on. Pure: no I/O.
 */
import { isCjk } from './quoteFold.ts';

/** One token: its text and its offsets in the folded text. */
export interface Token {
  text: string;
  from: number;
  to: number;
}

/** Splits folded text (one space between words, none next to CJK) into tokens. */
export function tokenize(folded: string): Token[] {
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const ch = folded[i];
    const boundary = ch === undefined || ch === ' ' || isCjk(ch);
    if (boundary && start >= 0) {
      out.push({ text: folded.slice(start, i), from: start, to: i });
      start = -1;
    }
    if (ch !== undefined && ch !== ' ' && isCjk(ch)) out.push({ text: ch, from: i, to: i + 1 });
    else if (!boundary && start < 0) start = i;
  }
  return out;
}
