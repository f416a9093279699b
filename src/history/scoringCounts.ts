/**
 * Bonus and penalty counts per run as a scoring file states them, best effort: stated counts
 * (`ボーナス: 2件`, `Bonus: +1.0 (2 items)`, `Penalty Count: 0`, `bonus1 - penalty0`, a summary table's
 * count cells) win; otherwise the awarded rows of a run's bonus or penalty table are counted.
 * Counts are taken as written, before the rubric's cap of five bonuses.
 */
import type { RunCounts } from './ScoringFile.ts';
import type { DocLine, HeadingRef, TableBlock } from './scoringDocument.ts';
import { plain, singleRun } from './verdictText.ts';

type Kind = 'bonus' | 'penalty';
const KEY: Record<Kind, RegExp> = { bonus: /bonus|ボーナス|加点/i, penalty: /penalt|ペナルティ|減点/i };
/**
 * A number of items: `2件`, `2 items`, `3 bonuses`, `5 valid bonus issues`, `5 × 0.5` (not a cap such as
 * `上限5件`, `max 5 items`, nor `Run 1 Bonus`).
 */
const COUNT = /(?<!(?:上限|最大|max|maximum|cap|capped at|up to|limit|run|round)\s*)(?<![\w.#-])(\d+)\s*(?:(?:件|個)|(?:(?:valid|additional|bonus|penalty)\s+){0,2}(?:items?|issues?|bonus(?:es)?|penalt(?:y|ies)|instances?|findings?)\b|[×x*]\s*[+-]?0\.5(?![\d]))/iu;
/** `Bonus Count: 2`, `ボーナス件数: 2`, `ペナルティ数：0`. */
const LABELLED = /(?:count|件数|数)\s*[:：]\s*(\d+)(?![\d.])/iu;
/** `なし`, `none`, `No Bonus`, `No penalties`: zero. */
const NONE = /^(?:なし|none|no\s+(?:bonus|penalt)|該当なし)/iu;

/** Which kind a text is about: exactly one of bonus or penalty, else null. */
function kindOf(text: string): Kind | null {
  const b = KEY.bonus.test(text);
  const p = KEY.penalty.test(text);
  return b === p ? null : b ? 'bonus' : 'penalty';
}

/** The count a piece of text states, or null. */
function statedCount(text: string): number | null {
  const s = plain(text);
  const m = LABELLED.exec(s) ?? COUNT.exec(s);
  if (m) return Number(m[1]);
  const value = (/[:：]\s*(.*)$/u.exec(s)?.[1] ?? s).trim();
  return NONE.test(value) || /^[-+]?0(?:\.0+)?\s*(?:点|pts?|points?)?(?:\s*[(（].*)?$/iu.test(value) ? 0 : null;
}

/**
 * Splits a line at each run it names: `Run1: 2件, Run2: 0件` → [[1, 'Run1: 2件, '], [2, 'Run2: 0件']]; text
 * before the first mention belongs to the heading's run (or, without one, to the only run named).
 */
function runSegments(text: string, ctxRun: number | null): Array<[number | null, string]> {
  const s = plain(text);
  const cuts = [...s.matchAll(/\brun\s*[-#]?\s*(\d{1,2})(?!\d)/giu)];
  if (cuts.length === 0) return [[ctxRun, s]];
  const out: Array<[number | null, string]> = [];
  if (cuts[0]!.index! > 0) out.push([ctxRun ?? (cuts.length === 1 ? Number(cuts[0]![1]) : null), s.slice(0, cuts[0]!.index)]);
  cuts.forEach((c, i) => out.push([Number(c[1]), s.slice(c.index, cuts[i + 1]?.index ?? s.length)]));
  return out;
}

/** The kind the innermost heading that names one is about. */
function sectionKind(path: HeadingRef[]): Kind | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const k = kindOf(plain(path[i]!.text));
    if (k) return k;
  }
  return null;
}

/** Reads stated counts from lines and summary tables, and falls back to counting awarded table rows. */
export function readCounts(doc: DocLine[], tables: TableBlock[]): { bonusCounts: RunCounts; penaltyCounts: RunCounts } {
  const stated: Record<Kind, Map<number, { n: number; line: number }>> = { bonus: new Map(), penalty: new Map() };
  const put = (kind: Kind, run: number | null, n: number | null, line: number) => {
    const prev = run === null || n === null ? undefined : stated[kind].get(run);
    if (run !== null && n !== null && (!prev || prev.line <= line)) stated[kind].set(run, { n, line });
  };

  for (const line of doc) {
    if (line.inFence || line.text.trim().startsWith('|')) continue;
    const isHeading = line.path[line.path.length - 1]?.line === line.no;
    const lineKind = kindOf(line.text);
    const kind = lineKind ?? (isHeading ? sectionKind(line.path) : null);
    for (const [run, seg] of runSegments(line.text, line.run)) {
      const template = [...seg.matchAll(/(bonus|penalty)\s*(\d+)(?![\d.])/giu)];
      if (template.length > 0) {
        for (const m of template) put(m[1]!.toLowerCase() === 'bonus' ? 'bonus' : 'penalty', run, Number(m[2]), line.no);
        continue;
      }
      if (kind && (lineKind === null || kindOf(seg) !== (kind === 'bonus' ? 'penalty' : 'bonus'))) put(kind, run, statedCount(seg), line.no);
    }
  }
  for (const t of tables) {
    for (const [kind, run, n, line] of summaryTableCounts(t)) put(kind, run, n, line);
  }

  const fallback = { bonus: new Map<number, number>(), penalty: new Map<number, number>() };
  for (const t of tables) {
    const kind = sectionKind(t.path);
    if (!kind) continue;
    for (const [run, n] of awardedRows(t, kind)) fallback[kind].set(run, (fallback[kind].get(run) ?? 0) + n);
  }
  const result = (kind: Kind): RunCounts => {
    const out: RunCounts = {};
    for (const [run, n] of fallback[kind]) out[run] = n;
    for (const [run, { n }] of stated[kind]) out[run] = n;
    return out;
  };
  return { bonusCounts: result('bonus'), penaltyCounts: result('penalty') };
}

/** A count cell of a summary table: `2`, `2件`, `+1.0 (2 items)`; a bare score such as `+1.0` is not a count. */
function countCell(cell: string): number | null {
  const s = plain(cell);
  if (/^\d+$/.test(s)) return Number(s);
  const m = COUNT.exec(s);
  return m ? Number(m[1]) : null;
}

/** Counts in summary tables: rows per run with bonus/penalty columns, or rows per kind with a column per run. */
function summaryTableCounts(t: TableBlock): Array<[Kind, number, number, number]> {
  const out: Array<[Kind, number, number, number]> = [];
  const header = t.header.map(plain);
  const kindCols = header.map((h) => kindOf(h));
  const runCols = header.map((h) => singleRun(h));
  for (const r of t.rows) {
    const rowRun = singleRun(r.cells[0] ?? '');
    const rowKind = kindOf(plain(r.cells[0] ?? ''));
    if (rowRun !== null) {
      kindCols.forEach((k, c) => {
        const n = k ? countCell(r.cells[c] ?? '') : null;
        if (k && n !== null) out.push([k, rowRun, n, r.line]);
      });
    } else if (rowKind !== null) {
      runCols.forEach((run, c) => {
        const n = run !== null ? countCell(r.cells[c] ?? '') : null;
        if (run !== null && n !== null) out.push([rowKind, run, n, r.line]);
      });
    }
  }
  return out;
}

const AWARDED: Record<Kind, RegExp> = {
  bonus: /^(?:\+\s*0\.5|○|yes|bonus|awarded|valid|accepted|採用|付与|加点)/iu,
  penalty: /^(?:[-−]\s*0\.5|penalty|yes|適用|減点|ペナルティ(?!なし))/iu,
};
const DECISION_HEADER = /decision|判定|award|valid|score|スコア|点|points?|penalty|bonus|ボーナス|ペナルティ|deduction|result|included|detected|applicable/i;

/** Awarded rows of a bonus or penalty table, per run (from run columns, or the table's run context). */
function awardedRows(t: TableBlock, kind: Kind): Map<number, number> {
  const header = t.header.map(plain);
  const out = new Map<number, number>();
  const runCols = header.map((h, c) => [singleRun(h), c] as const).filter(([run]) => run !== null) as Array<[number, number]>;
  if (runCols.length > 0) {
    for (const [run, c] of runCols) out.set(run, t.rows.filter((r) => AWARDED[kind].test(plain(r.cells[c] ?? ''))).length);
    return out;
  }
  if (t.run === null) return out;
  const cols = header.map((h, c) => (c > 0 && DECISION_HEADER.test(h) ? c : -1)).filter((c) => c >= 0);
  if (cols.length === 0) return out;
  out.set(t.run, t.rows.filter((r) => cols.some((c) => AWARDED[kind].test(plain(r.cells[c] ?? '')))).length);
  return out;
}
