/** A scoring file read as lines with their heading context, and its markdown tables. */
import { isDelimiterRow, matchHeading, splitLines, splitRow, type SourceLine } from '../answer-key/markdown.ts';
import { plain, singleRun } from './verdictText.ts';

/** One heading (or a bold line standing alone as a pseudo-heading) and where it is. */
export interface HeadingRef {
  level: number;
  text: string;
  line: number;
}

/** One line of a scoring file with the headings it sits under. */
export interface DocLine extends SourceLine {
  /** Open headings, outermost first. */
  path: HeadingRef[];
  /** The run the innermost heading naming exactly one run refers to, or null. */
  run: number | null;
}

/** A markdown table: its header cells and body rows, each with a 1-based line number. */
export interface TableBlock {
  header: string[];
  headerLine: number;
  rows: Array<{ cells: string[]; line: number }>;
  /** The headings open at the table. */
  path: HeadingRef[];
  run: number | null;
}

/** Level given to bold pseudo-headings (`**Run 1**` alone on a line): deeper than any ATX heading. */
const PSEUDO_LEVEL = 7;

/** A bold line standing alone (`**Run 1:**`, `**Run1 検出結果**`) that opens a run's part like a heading. */
function pseudoHeading(line: SourceLine): string | null {
  if (line.inFence) return null;
  const m = /^\s*(?:\*\*|__)([^*_]{1,80})(?:\*\*|__)\s*[:：]?\s*$/.exec(line.text);
  if (!m) return null;
  return singleRun(m[1]!) !== null ? m[1]!.trim() : null;
}

/** Splits the text into lines annotated with their heading path and run context. */
export function readDocument(text: string): DocLine[] {
  const out: DocLine[] = [];
  let path: HeadingRef[] = [];
  for (const line of splitLines(text)) {
    const h = matchHeading(line);
    const pseudo = h ? null : pseudoHeading(line);
    if (h || pseudo !== null) {
      const level = h ? h.level : PSEUDO_LEVEL;
      path = [...path.filter((p) => p.level < level), { level, text: h ? h.text : pseudo!, line: line.no }];
    } else if (path.length > 0 && path[path.length - 1]!.level === PSEUDO_LEVEL && /^\s*---+\s*$/.test(line.text)) {
      path = path.slice(0, -1);
    }
    out.push({ ...line, path, run: runOf(path) });
  }
  return out;
}

/** The run named by the innermost heading that names exactly one. */
export function runOf(path: HeadingRef[]): number | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const r = singleRun(path[i]!.text);
    if (r !== null) return r;
  }
  return null;
}

/** True when a heading path is about penalties (such tables may reuse `P01` ids for penalty items). */
export function inPenaltySection(path: HeadingRef[]): boolean {
  const inner = path[path.length - 1];
  return inner !== undefined && /ペナルティ|penalt|減点/i.test(plain(inner.text));
}

/** Collects the tables of a document (rows starting with `|`, outside code fences). */
export function readTables(doc: DocLine[]): TableBlock[] {
  const tables: TableBlock[] = [];
  let i = 0;
  while (i < doc.length) {
    const first = doc[i]!;
    if (first.inFence || !first.text.trim().startsWith('|')) {
      i++;
      continue;
    }
    const block: DocLine[] = [];
    while (i < doc.length && !doc[i]!.inFence && doc[i]!.text.trim().startsWith('|')) block.push(doc[i++]!);
    const header = splitRow(block[0]!.text);
    const body = block.slice(1).filter((l) => !isDelimiterRow(l.text));
    tables.push({
      header,
      headerLine: first.no,
      rows: body.map((l) => ({ cells: splitRow(l.text, header.length), line: l.no })),
      path: first.path,
      run: first.run,
    });
  }
  return tables;
}
