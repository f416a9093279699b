/** Finds the key's bonus table(s) — any markdown table with `B\d+` rows — and reads their rows. */
import type { Bonus, ParseWarning } from '../types/AnswerKey.ts';
import { isDelimiterRow, norm, splitRow, type SourceLine } from './markdown.ts';

type Column = 'id' | 'category' | 'description' | 'condition';

const HEADER_SYNONYMS: Record<Column, RegExp> = {
  id: /^(id|#|no\.?|番号)$/,
  category: /^(カテゴリー?|category|分類|area)$/,
  description: /^(内容|概要|問題|description|content|issue|problem|summary|details?)$/,
  condition: /^(ボーナス条件|条件|判定条件|検出条件|bonus (condition|criteria|criterion)|conditions?|criteria)$/,
};

const POSITION: Column[] = ['id', 'category', 'description', 'condition'];

const B_ID = /^(?:\*\*)?B(\d+)(?:\*\*)?$/;

/** One bonus row with the line it came from, so duplicates can be reported where they occur. */
export interface BonusRow {
  bonus: Bonus;
  line: number;
}

/** The bonus tables found: their rows, the line numbers they occupy, and anything skipped. */
export interface BonusTables {
  rows: BonusRow[];
  /** First line of each bonus table, so a problem running into one ends there. */
  starts: Set<number>;
  /** Every line that belongs to a bonus table. */
  lines: Set<number>;
  warnings: ParseWarning[];
}

/** Normalises `B1` to `B01`: ids compare and print with two digits minimum. */
export function bonusId(digits: string): string {
  return `B${digits.padStart(2, '0')}`;
}

function mapColumns(header: string[] | null): Map<Column, number> {
  const map = new Map<Column, number>();
  header?.forEach((cell, i) => {
    const h = norm(cell);
    for (const col of POSITION) if (!map.has(col) && HEADER_SYNONYMS[col].test(h)) map.set(col, i);
  });
  const taken = new Set(map.values());
  POSITION.forEach((col, i) => {
    if (!map.has(col) && !taken.has(i)) map.set(col, i);
  });
  return map;
}

/** Scans all lines outside code fences for tables whose first cell is a `B\d+` id. */
export function findBonusTables(lines: readonly SourceLine[]): BonusTables {
  const out: BonusTables = { rows: [], starts: new Set(), lines: new Set(), warnings: [] };
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.inFence || !lines[i]!.text.trimStart().startsWith('|')) {
      i++;
      continue;
    }
    const block: SourceLine[] = [];
    while (i < lines.length && !lines[i]!.inFence && lines[i]!.text.trimStart().startsWith('|')) block.push(lines[i++]!);
    readBlock(block, out);
  }
  return out;
}

function readBlock(block: SourceLine[], out: BonusTables): void {
  const isB = (l: SourceLine) => B_ID.test(splitRow(l.text)[0] ?? '');
  if (!block.some(isB)) return;
  const hasHeader = block.length > 1 && !isB(block[0]!) && isDelimiterRow(block[1]!.text);
  const header = hasHeader ? splitRow(block[0]!.text) : null;
  const cols = mapColumns(header);
  const width = header?.length ?? 4;
  out.starts.add(block[0]!.no);
  block.forEach((l, idx) => {
    out.lines.add(l.no);
    if (hasHeader && idx < 2) return;
    if (isDelimiterRow(l.text)) return;
    const cells = splitRow(l.text, width);
    const id = B_ID.exec(cells[0] ?? '');
    if (!id) {
      out.warnings.push({ line: l.no, message: `bonus table row does not start with a B01-style id; row ignored: ${l.text.trim().slice(0, 80)}` });
      return;
    }
    if (cells.length < 4) {
      out.warnings.push({ line: l.no, message: `bonus row has ${cells.length} cells; expected 4 (ID | Category | Description | Condition)` });
    }
    const cell = (c: Column) => cells[cols.get(c) ?? -1] ?? '';
    out.rows.push({
      line: l.no,
      bonus: { id: bonusId(id[1]!), category: cell('category'), description: cell('description'), condition: cell('condition') },
    });
  });
}
