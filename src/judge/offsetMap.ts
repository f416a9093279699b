import type { MappedText } from './mappedText.ts';

/**
 * Where each character of a folded text came from, compacted for keeping: a folded review is held
 * for the whole run, and two offsets per character (8 bytes) made its index ~10× the review. Folding
 * maps most characters one to one onto consecutive original ones (lower-casing, kept words), and
 * the rest in groups onto one span (a collapsed whitespace run, a replaced symbol), so the map is
 * stored as segments: an identity run (character `from + j` came from `start + j`) or a group
 * (every character came from `[start, end)`). Prose has one segment per a few dozen characters.
 * Pure: no I/O.
 */
export class OffsetMap {
  private constructor(
    /** Folded offset where segment k begins (ascending). */
    private readonly from: Int32Array,
    /** Original offset of segment k's first character's source. */
    private readonly start: Int32Array,
    /** -1 for an identity run; else the end (exclusive) every character of the group came from. */
    private readonly end: Int32Array,
    /** Characters of the folded text. */
    readonly length: number,
  ) {}

  /** The compact map of a mapped text's offsets (same answers as its `starts`/`ends`). */
  static of(t: Pick<MappedText, 'starts' | 'ends'>): OffsetMap {
    const from: number[] = [];
    const start: number[] = [];
    const end: number[] = [];
    const n = t.starts.length;
    for (let i = 0; i < n; i++) {
      const s = t.starts[i]!;
      const e = t.ends[i]!;
      const k = from.length - 1;
      if (k >= 0) {
        const identity = end[k] === -1;
        // Extends an identity run: one to one, right after the run's last source character.
        if (identity && e === s + 1 && s === start[k]! + (i - from[k]!)) continue;
        // Extends a group: the same source span as the group's other characters.
        if (!identity && s === start[k] && e === end[k]) continue;
      }
      from.push(i);
      start.push(s);
      end.push(e === s + 1 ? -1 : e);
    }
    return new OffsetMap(Int32Array.from(from), Int32Array.from(start), Int32Array.from(end), n);
  }

  /** Number of segments (for tests and measurements). */
  get segments(): number {
    return this.from.length;
  }

  /** Original offset where folded character `i`'s source starts. */
  startOf(i: number): number {
    const k = this.segmentOf(i);
    return this.end[k] === -1 ? this.start[k]! + (i - this.from[k]!) : this.start[k]!;
  }

  /** Original offset where folded character `i`'s source ends (exclusive). */
  endOf(i: number): number {
    const k = this.segmentOf(i);
    return this.end[k] === -1 ? this.start[k]! + (i - this.from[k]!) + 1 : this.end[k]!;
  }

  /** The original span of folded characters `[from, to)` (`to > from`). */
  span(from: number, to: number): { start: number; end: number } {
    return { start: this.startOf(from), end: this.endOf(to - 1) };
  }

  /** The last segment beginning at or before `i` (binary search). */
  private segmentOf(i: number): number {
    if (i < 0 || i >= this.length) throw new RangeError(`offset ${i} outside the folded text (length ${this.length})`);
    let lo = 0;
    let hi = this.from.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.from[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
