/** Line-level markdown helpers shared by the answer-key and perspective parsers. */

/** One source line with its 1-based number, so every finding can point back at the file. */
export interface SourceLine {
  no: number;
  text: string;
  /** True inside a fenced code block: such lines are content, never structure. */
  inFence: boolean;
}

/** Splits text into lines, dropping a BOM and any CR so CRLF and old-Mac files read like LF ones. */
export function splitLines(text: string): SourceLine[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: SourceLine[] = [];
  let fence: string | null = null;
  body.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const text = raw.replace(/\s+$/, '');
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== null) {
      out.push({ no: i + 1, text, inFence: true });
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (marker) fence = marker;
    out.push({ no: i + 1, text, inFence: marker !== undefined });
  });
  return out;
}

/** Case-, width- and emphasis-insensitive form used for matching labels and headings only (values stay verbatim). */
export function norm(s: string): string {
  return s
    .replace(/\uFFFD/g, '')
    .normalize('NFKC')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A parsed ATX heading. */
export interface Heading {
  level: number;
  text: string;
}

/** Reads an ATX heading (`## Text ##`), or null. */
export function matchHeading(line: SourceLine): Heading | null {
  if (line.inFence) return null;
  const m = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line.text);
  if (!m) return /^ {0,3}#{1,6}$/.test(line.text) ? { level: line.text.trim().length, text: '' } : null;
  return { level: m[1]!.length, text: m[2]!.trim() };
}

/** True for `---`, `***`, `___` rules, which the keys use to separate problems. */
export function isThematicBreak(line: SourceLine): boolean {
  return !line.inFence && /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line.text);
}

/** A list item: indentation (tabs count as 4) and the text after the marker. */
export interface Bullet {
  indent: number;
  body: string;
}

/** Reads a `-`, `*`, `+` or `1.` list item, or null. */
export function matchBullet(line: SourceLine): Bullet | null {
  if (line.inFence) return null;
  const m = /^([ \t]*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line.text);
  if (!m) return null;
  return { indent: indentOf(m[1]!), body: m[2]! };
}

/** Width of leading whitespace, tabs counted as 4 so mixed indentation still nests sensibly. */
export function indentOf(s: string): number {
  let n = 0;
  for (const ch of s) {
    if (ch === ' ') n += 1;
    else if (ch === '\t') n += 4;
    else break;
  }
  return n;
}

/** A `Label: value` item; `bold` tells a deliberate label from prose that merely contains a colon. */
export interface Labelled {
  label: string;
  value: string;
  bold: boolean;
}

/**
 * Splits a bullet body into label and value. Accepts `**Label**: v`, `**Label:** v`, `Label: v`
 * with ASCII or full-width colons; an unbolded label must be short to avoid reading prose as a label.
 */
export function matchLabelled(body: string): Labelled | null {
  const bold = /^(\*\*|__)(.+?)\1\s*(.*)$/.exec(body);
  if (bold) {
    const inner = bold[2]!.trim();
    const after = bold[3]!;
    if (/[:：]$/.test(inner)) return { label: inner.slice(0, -1).trim(), value: after.trim(), bold: true };
    const colon = /^[:：]\s*(.*)$/.exec(after);
    if (colon) return { label: inner, value: colon[1]!.trim(), bold: true };
    return null;
  }
  const plain = /^([^:：`]{1,40}?)\s*[:：]\s*(.*)$/.exec(body);
  if (!plain || /^https?$/i.test(plain[1]!)) return null;
  return { label: plain[1]!.trim(), value: plain[2]!.trim(), bold: false };
}

/**
 * Splits a table row into trimmed cells. `\|` is a literal pipe; pipes inside backticks are kept
 * literal too, unless that yields a cell count different from `expected` while a plain split matches
 * it (an unbalanced backtick must not swallow the rest of the row).
 */
export function splitRow(row: string, expected?: number): string[] {
  const aware = splitCells(row, true);
  if (expected === undefined || aware.length === expected) return aware;
  const plain = splitCells(row, false);
  return plain.length === expected ? plain : aware;
}

function splitCells(row: string, respectBackticks: boolean): string[] {
  let s = row.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '`' && respectBackticks) {
      inCode = !inCode;
      cur += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

/** True for a table delimiter row such as `|---|:---:|`. */
export function isDelimiterRow(text: string): boolean {
  return /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(text) && text.includes('-');
}

/** Joins collected field lines: drops edge blank lines, keeps inner layout, trims the whole. */
export function joinBlock(lines: string[]): string {
  return lines.join('\n').trim();
}
