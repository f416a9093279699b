/**
 * The quotes a historical grader wrote in a scoring file: text between 「」, 『』, “”, "" or
 * backticks, line by line. Code spans inside a "..." quote are part of it (a `"` inside them does
 * not close the quote), and 「」 nest. The graders quoted the review, but also the answer key,
 * the rubric and the design document: telling those apart is the classifier's job, not this one's.
 * Pure: no I/O.
 */

/** One quote as written, with its 1-based line in the scoring file. */
export interface ExtractedQuote {
  quote: string;
  line: number;
  /** The opening delimiter: `「`, `『`, `“`, `"` or `` ` ``. */
  delimiter: string;
}

const CLOSING: Record<string, string> = { '「': '」', '『': '』', '“': '”' };

/** Every delimited quote of a scoring file, in order; an unclosed one at the end of a line is dropped. */
export function extractQuotes(text: string): ExtractedQuote[] {
  const out: ExtractedQuote[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const q of quotesOfLine(line)) out.push({ ...q, line: i + 1 });
  });
  return out;
}

/** The quotes of one line, outermost only. */
function quotesOfLine(line: string): Omit<ExtractedQuote, 'line'>[] {
  const out: Omit<ExtractedQuote, 'line'>[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    const end = ch === '`' ? codeSpanEnd(line, i) : ch === '"' ? straightQuoteEnd(line, i) : ch in CLOSING ? bracketEnd(line, i, ch, CLOSING[ch]!) : -1;
    if (end < 0) continue;
    const inner = line.slice(i + (ch === '`' ? runLength(line, i, '`') : 1), end);
    if (inner.trim() !== '') out.push({ quote: inner, delimiter: ch });
    i = end + (ch === '`' ? runLength(line, i, '`') - 1 : 0);
  }
  return out;
}

/** Length of the run of `ch` starting at `at`. */
function runLength(line: string, at: number, ch: string): number {
  let n = 0;
  while (line[at + n] === ch) n++;
  return n;
}

/** Where a code span opened by a run of backticks at `at` closes (the start of the matching run), or -1. */
function codeSpanEnd(line: string, at: number): number {
  const fence = '`'.repeat(runLength(line, at, '`'));
  for (let i = line.indexOf(fence, at + fence.length); i >= 0; i = line.indexOf(fence, i + 1)) {
    if (runLength(line, i, '`') === fence.length && line[i - 1] !== '`') return i;
    i += runLength(line, i, '`') - 1;
  }
  return -1;
}

/** Where a `"` quote opened at `at` closes, skipping code spans inside it, or -1. */
function straightQuoteEnd(line: string, at: number): number {
  for (let i = at + 1; i < line.length; i++) {
    if (line[i] === '`') {
      const end = codeSpanEnd(line, i);
      if (end < 0) return -1;
      i = end + runLength(line, end, '`') - 1;
    } else if (line[i] === '"') return i;
  }
  return -1;
}

/** Where a bracket quote opened at `at` closes, counting nested brackets of the same kind, or -1. */
function bracketEnd(line: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let i = at; i < line.length; i++) {
    if (line[i] === open) depth++;
    else if (line[i] === close && --depth === 0) return i;
  }
  return -1;
}
