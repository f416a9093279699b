/**
 * Text rewritten in passes while remembering, for every character, which span of the original
 * string it came from: the quote check folds a review once and still reports offsets in the
 * review as the user has it. Pure: no I/O.
 */

/** A rewritten string; character i came from `original.slice(starts[i], ends[i])`. */
export interface MappedText {
  text: string;
  /** UTF-16 offset in the original where character i's source starts. */
  starts: Int32Array;
  /** UTF-16 offset in the original where character i's source ends (exclusive). */
  ends: Int32Array;
}

/** A piece of a rewrite: new text (mapped to the whole match) or a kept slice of the match, relative to the match start. */
export type Piece = string | { keep: number; length: number };

/** Builds arrays with amortised growth; `number[]` push would box every offset. */
class Builder {
  private text: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  push(chunk: string, start: number, end: number): void {
    this.reserve(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      this.starts[this.length] = start;
      this.ends[this.length] = end;
      this.length++;
    }
    this.text.push(chunk);
  }

  copy(from: MappedText, begin: number, end: number): void {
    if (end <= begin) return;
    this.reserve(end - begin);
    this.starts.set(from.starts.subarray(begin, end), this.length);
    this.ends.set(from.ends.subarray(begin, end), this.length);
    this.length += end - begin;
    this.text.push(from.text.slice(begin, end));
  }

  done(): MappedText {
    return { text: this.text.join(''), starts: this.starts.slice(0, this.length), ends: this.ends.slice(0, this.length) };
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.starts.length) return;
    const size = Math.max(this.starts.length * 2, this.length + extra);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    starts.set(this.starts.subarray(0, this.length));
    ends.set(this.ends.subarray(0, this.length));
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * Where the code point after `at` starts. A `u` regular expression restarted inside a surrogate
 * pair backs up to the pair's start, so stepping one code unit after an empty match loops forever.
 */
function nextCodePoint(text: string, at: number): number {
  return at + ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);
}

/** Maps a string to itself, character by character. */
export function identityMapped(text: string): MappedText {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { text, starts, ends };
}

/**
 * Replaces every match of a global regular expression (empty matches are skipped) by the pieces
 * `replace` returns; inserted text maps to the whole match, kept slices keep their own origins.
 */
export function rewrite(t: MappedText, re: RegExp, replace: (m: RegExpExecArray) => readonly Piece[]): MappedText {
  if (!re.global) throw new TypeError('rewrite needs a global regular expression');
  // Made at the first match: most passes match nothing in most reviews, and then the text and its
  // maps are handed back as they are (a 2 MB review's maps are 16 MB, copied twice per pass).
  let out: Builder | null = null;
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(t.text); m !== null; m = re.exec(t.text)) {
    if (m[0].length === 0) {
      re.lastIndex = nextCodePoint(t.text, m.index);
      continue;
    }
    out ??= new Builder(t.text.length);
    out.copy(t, last, m.index);
    const start = t.starts[m.index]!;
    const end = t.ends[m.index + m[0].length - 1]!;
    for (const piece of replace(m)) {
      if (typeof piece === 'string') out.push(piece, start, end);
      else out.copy(t, m.index + piece.keep, m.index + piece.keep + piece.length);
    }
    last = m.index + m[0].length;
  }
  if (!out) return t;
  out.copy(t, last, t.text.length);
  return out.done();
}

/** `rewrite` on a plain string, when no offsets are needed (a judge's quote): the same pieces, no maps. */
export function rewriteText(text: string, re: RegExp, replace: (m: RegExpExecArray) => readonly Piece[]): string {
  if (!re.global) throw new TypeError('rewriteText needs a global regular expression');
  let out = '';
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex = nextCodePoint(text, m.index);
      continue;
    }
    out += text.slice(last, m.index);
    for (const piece of replace(m)) out += typeof piece === 'string' ? piece : m[0].slice(piece.keep, piece.keep + piece.length);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** `mapClusters` on a plain string. */
export function mapClustersText(text: string, clusterEnd: (text: string, at: number) => number, map: (cluster: string) => string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; ) {
    const end = clusterEnd(text, i);
    const source = text.slice(i, end);
    const replaced = map(source);
    if (replaced !== source) {
      out += text.slice(run, i) + replaced;
      run = end;
    }
    i = end;
  }
  return out + text.slice(run);
}

/**
 * Rewrites the text one code-point cluster at a time: `clusterEnd` decides where a cluster ends
 * (a base character and the marks that belong to it), `map` gives its replacement, which maps to
 * the cluster's span. Unchanged clusters are copied in runs, which is what makes it fast.
 */
export function mapClusters(t: MappedText, clusterEnd: (text: string, at: number) => number, map: (cluster: string) => string): MappedText {
  const out = new Builder(t.text.length);
  let run = 0;
  for (let i = 0; i < t.text.length; ) {
    const end = clusterEnd(t.text, i);
    const source = t.text.slice(i, end);
    const replaced = map(source);
    if (replaced !== source) {
      out.copy(t, run, i);
      out.push(replaced, t.starts[i]!, t.ends[end - 1]!);
      run = end;
    }
    i = end;
  }
  out.copy(t, run, t.text.length);
  return out.done();
}

/** The same text with new characters one for one (a length-preserving change such as lower-casing), or null when the length differs. */
export function sameLength(t: MappedText, text: string): MappedText | null {
  return text.length === t.text.length ? { text, starts: t.starts, ends: t.ends } : null;
}

/** A walk over a text that says what to keep: `keep(i)` keeps character i, `insert(s, from, to)` adds `s` standing for characters `[from, to)`. */
export type Walk = (keep: (i: number) => void, insert: (s: string, from: number, to: number) => void) => void;

/** Rebuilds a mapped text from a walk in increasing order; consecutive kept characters are copied as one run. */
export function rebuild(t: MappedText, walk: Walk): MappedText {
  const out = new Builder(t.text.length);
  let runStart = 0;
  let runEnd = 0;
  walk(
    (i) => {
      if (i !== runEnd) {
        out.copy(t, runStart, runEnd);
        runStart = i;
      }
      runEnd = i + 1;
    },
    (s, from, to) => {
      out.copy(t, runStart, runEnd);
      runStart = runEnd = 0;
      out.push(s, t.starts[from]!, t.ends[to - 1]!);
    },
  );
  out.copy(t, runStart, runEnd);
  return out.done();
}

/** `rebuild` on a plain string. */
export function rebuildText(text: string, walk: Walk): string {
  const parts: string[] = [];
  let runStart = 0;
  let runEnd = 0;
  walk(
    (i) => {
      if (i !== runEnd) {
        if (runEnd > runStart) parts.push(text.slice(runStart, runEnd));
        runStart = i;
      }
      runEnd = i + 1;
    },
    (s) => {
      if (runEnd > runStart) parts.push(text.slice(runStart, runEnd));
      runStart = runEnd = 0;
      parts.push(s);
    },
  );
  if (runEnd > runStart) parts.push(text.slice(runStart, runEnd));
  return parts.join('');
}

/** The original span of characters `[from, to)` of a mapped text (`to > from`). */
export function originalSpan(t: MappedText, from: number, to: number): { start: number; end: number } {
  return { start: t.starts[from]!, end: t.ends[to - 1]! };
}
