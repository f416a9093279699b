/**
 * labels.tsv vs the scoring files: the corpus's per-problem verdicts, fed through scoreRun's detection
 * arithmetic, against the detection subtotal each scoring file states for each run. The mismatches
 * printed are scoring files whose stated subtotal disagrees with their own verdict tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { UnitVerdict } from '../../src/types/Verdicts.ts';
import { DEFAULT_RUBRIC } from '../../src/types/Rubric.ts';
import { scoreRun } from '../../src/score/runScore.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');
const LABELS = path.join(CORPUS, 'labels.tsv');
const exists = existsSync(LABELS);
if (!exists) console.warn(`corpus absent at ${CORPUS}: labels-vs-subtotals corpus test skipped`);

// ---------------------------------------------------------------------------------------------
// A tolerant extractor of the detection subtotal a scoring file states per run. The files are
// free-form LLM markdown: per-run sections with "**Detection Score: 7.5**", "検出スコア合計: 8.0 / 10",
// summary lines "Run1=9.0(検出9.5+bonus1-penalty1.5)", tables with Run rows or Run columns, matrix
// total rows, sums "P01(1.0) + … = 7.5", corrections "4.5 → 5.0". Prose is not a statement.
// ---------------------------------------------------------------------------------------------

/** One detection subtotal a scoring file states for a run. */
interface Stated {
  run: number;
  value: number;
  line: number;
  /** Stated inside that run's own section (heading or `**Run1**:` block), e.g. under its matrix. */
  inSection: boolean;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const RUN = /\bRun\s*#?\s*(\d+)\b|実行\s*(\d+)|(\d+)回目/i;
/** A detection-subtotal label, as a whole word (not "Detection Matrix", not "variant-detection-hints", not "(detection)"). */
const LABEL = new RegExp(
  String.raw`(?<![\w(（-])(?:検出スコア(?:合計|小計)?|検出(?:合計|小計|点数?)|(?:Total\s+|Base\s+|Embedded\s+Issue\s+)?Detection(?:\s+(?:Scores?|Subtotals?|Totals?|Points?))*|(?<!(?:Bonus|Penalty|Bonuses|Penalties)\s*)Subtotal|Base\s+Score)(?![\w)）-])(?!\s+(?!Summary|Breakdown)[A-Za-z])`,
  'i',
);
/** `検出5.5 + bonus`, `detection=8.0+`, `Detection: 7.0,` … inside a summary line. */
const INLINE = new RegExp(String.raw`(?<![\w-]|部分|未)(?:detection|検出)\s*[=:：]?\s*${NUM}(?=\s*(?:[+＋,、/)）-]|$))`, 'i');
/** `7.0 (detection) + 2.0 (bonus)`. */
const BEFORE = new RegExp(String.raw`${NUM}\s*[(（]\s*(?:detection|検出)\s*[)）]`, 'i');
const DET_CELL = /^[*\s]*(?:検出スコア|検出合計|検出小計|検出|(?:Base\s+|Total\s+)?Detection(?:\s+(?:Score|Subtotal|Total))*)[*\s]*(?:[(（][^)）]*[)）])?[*\s]*$/i;
const TOTAL_CELL = /^[*\s]*(?:合計|小計|Total|Subtotal|Sum|検出スコア)(?![A-Za-z])/i;

/** The run a text names (`Run 1`, `Run1`, `実行1`), or null. */
function runOf(text: string): number | null {
  const m = RUN.exec(text);
  return m ? Number(m[1] ?? m[2] ?? m[3]) : null;
}

/**
 * The number a label states: right after it (`: 7.5`, `**: 7.5**`, ` (7.5) + Bonus`), unless that
 * number starts a sum of numbers (`0.5 + 1.0 + … = **4.0**`, `P01(1.0) + … = 7.5`): then the result
 * after the `=`. Prose after the label (`検出スコアは…`) states nothing.
 */
function valueAfterLabel(rest: string): number | null {
  const direct = new RegExp(String.raw`^[\s*:：=（(]*${NUM}`).exec(rest);
  if (direct && !/^\s*[+＋×x*]\s*[\d(（]/.test(rest.slice(direct[0].length))) return Number(direct[1]);
  const sum = new RegExp(String.raw`^[\s*:：]*([\sP\d.()（）:=×*+]+)=\s*\**\s*${NUM}`).exec(rest);
  return sum && sum[1]!.includes('+') ? Number(sum[2]) : null;
}

/** The value a table cell states: `7.5`, `**7.5**`, `7.5 / 10`, `4.5 → 5.0` (the corrected one). */
function cellValue(cell: string): number | null {
  const arrows = [...cell.matchAll(new RegExp(String.raw`(?:→|->)\s*\**\s*${NUM}`, 'g'))];
  if (arrows.length) return Number(arrows[arrows.length - 1]![1]);
  const m = new RegExp(String.raw`^[\s*]*${NUM}[\s*]*(?:/\s*\d+(?:\.\d+)?)?\s*(?:点|pt|points?)?[\s*]*$`, 'i').exec(cell);
  return m ? Number(m[1]) : null;
}

/** A label that starts a statement: not inside prose (`Each detection = 1.0 point`, `…検出スコアは`). */
function labelIn(line: string): RegExpExecArray | null {
  const m = LABEL.exec(line);
  if (!m) return null;
  const before = line.slice(0, m.index);
  return /\b[a-z]{2,}\b/.test(before) || /[、。はをが]/.test(before) ? null : m;
}

/** The value one line states for a detection subtotal, if any. */
function lineValue(line: string, namesRun: boolean): number | null {
  // inline forms count on a line naming its run, or at the start of a line (`- 検出: 6.5`)
  const inline = INLINE.exec(line);
  if (inline && (namesRun || /^[\s>*#-]*$/.test(line.slice(0, inline.index)))) return Number(inline[1]);
  const label = labelIn(line);
  const v = label ? valueAfterLabel(line.slice(label.index + label[0].length)) : null;
  if (v !== null) return v;
  const before = BEFORE.exec(line);
  return before ? Number(before[1]) : null;
}

const cellsOf = (line: string) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
const isDivider = (line: string) => /^\|?[\s:|-]+\|?$/.test(line.trim());

/**
 * Tables: a `Run` column beside a detection column; `Run 1`/`Run 2` columns with a detection row;
 * a detection matrix (rows P01…) with a total row (per Run column, or the last number in a run section).
 */
function tableStated(rows: { cells: string[]; line: number }[], section: number | null, out: Stated[]): void {
  const [header, ...body] = rows;
  if (!header) return;
  const push = (run: number, value: number | null, line: number) => {
    if (value !== null) out.push({ run, value, line, inSection: run === section });
  };
  const detCol = header.cells.findIndex((c) => DET_CELL.test(c));
  const runCol = header.cells.findIndex((c) => /^[*\s]*(?:Run|実行)[*\s]*$/i.test(c));
  if (detCol >= 0 && runCol >= 0) {
    for (const row of body) {
      const run = runOf(row.cells[runCol] ?? '');
      if (run !== null) push(run, cellValue(row.cells[detCol] ?? ''), row.line);
    }
    return;
  }
  const runCols = header.cells.map(runOf);
  const matrix = body.some((row) => /^[*\s]*P\d{2}\b/.test(row.cells[0] ?? ''));
  for (const row of body) {
    const first = row.cells[0] ?? '';
    if (!DET_CELL.test(first) && !(matrix && TOTAL_CELL.test(first))) continue;
    if (runCols.some((r) => r !== null)) {
      runCols.forEach((run, c) => run !== null && push(run, cellValue(row.cells[c] ?? ''), row.line));
    } else if (section !== null) {
      const values = row.cells.slice(1).map(cellValue).filter((v) => v !== null);
      push(section, values[values.length - 1] ?? null, row.line);
    }
  }
}

/** Every detection subtotal a scoring file states, with its run and line. */
function extractStated(text: string): Stated[] {
  const lines = text.split('\n');
  const out: Stated[] = [];
  let section: number | null = null; // the run whose section we are in
  let sectionLevel = 0;
  let listUnderLabel = false; // "**Detection Score Summary:**" then "- Run1: 3.0"
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim().startsWith('|')) {
      const rows: { cells: string[]; line: number }[] = [];
      for (; i < lines.length && lines[i]!.trim().startsWith('|'); i++) if (!isDivider(lines[i]!)) rows.push({ cells: cellsOf(lines[i]!), line: i + 1 });
      i--;
      tableStated(rows, section, out);
      listUnderLabel = false;
      continue;
    }
    if (line.trim() === '') continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bold = /^\s*\*\*([^*]+)\*\*\s*[:：]?\s*$/.exec(line);
    if (heading) {
      const run = runOf(heading[2]!);
      if (run !== null) [section, sectionLevel] = [run, heading[1]!.length];
      else if (heading[1]!.length <= sectionLevel) [section, sectionLevel] = [null, 0];
      listUnderLabel = false;
    } else if (bold && runOf(bold[1]!) !== null && !LABEL.test(bold[1]!)) {
      [section, sectionLevel] = [runOf(bold[1]!), 7]; // "**Run1**:" opens a block until the next heading
      listUnderLabel = false;
      continue;
    }
    const lineRun = runOf(line);
    if (listUnderLabel && /^\s*[-*]\s+\**\s*Run/i.test(line) && lineRun !== null) {
      const m = RUN.exec(line)!;
      const v = valueAfterLabel(line.slice(m.index + m[0].length));
      if (v !== null) out.push({ run: lineRun, value: v, line: i + 1, inSection: lineRun === section });
      continue;
    }
    const label = labelIn(line);
    listUnderLabel = !heading && label !== null && lineRun === null && /^[\s*:：]*$/.test(line.slice(label.index + label[0].length).replace(/\b(?:Summary|Breakdown|Scores?)\b/gi, ''));
    // "Revised Detection Subtotals: Run1 = 7.5, Run2 = 6.0"
    const pairs = [...line.matchAll(new RegExp(String.raw`\bRun\s*(\d+)\s*[=:：]\s*\**\s*${NUM}`, 'gi'))];
    if (label && pairs.length > 1) {
      for (const p of pairs) out.push({ run: Number(p[1]), value: Number(p[2]), line: i + 1, inSection: Number(p[1]) === section });
      continue;
    }
    const run = lineRun ?? section;
    const v = run === null ? null : lineValue(line, lineRun !== null);
    if (run !== null && v !== null) out.push({ run, value: v, line: i + 1, inSection: run === section });
  }
  return out;
}

/**
 * The subtotal a file states for a run: the first one inside the run's own section (the line under
 * its detection matrix); with none there, the last statement naming the run (the file's final word).
 */
function statedFor(stated: readonly Stated[], run: number): Stated | undefined {
  return stated.find((s) => s.run === run && s.inSection) ?? [...stated].reverse().find((s) => s.run === run);
}

// ---------------------------------------------------------------------------------------------
// The extractor on the formats seen in the corpus (runs without the corpus).
// ---------------------------------------------------------------------------------------------

/** The primary stated subtotal per run of a snippet, as `run:value`. */
const primary = (text: string) => {
  const stated = extractStated(text);
  return [...new Set(stated.map((s) => s.run))].sort().map((run) => `${run}:${statedFor(stated, run)!.value}`);
};

describe('detection subtotal extractor', () => {
  it.each([
    ['bold line under a run heading', '## Run 1 Detection Matrix\n| P01 | ○ | 1.0 |\n\n**Detection Score: 2.0**', ['1:2']],
    ['Japanese heading and fraction', '## Run2 採点結果\n### 検出スコア: 8.0 / 10.0', ['2:8']],
    ['summary line detection=', '**Run1**: 8.5 (detection=8.0+bonus2-penalty0)', ['1:8']],
    ['summary line 検出', 'Run1=4.5 (検出2.0+bonus5-penalty0), Run2=6.0 (検出3.5+bonus5-penalty0)', ['1:2']],
    ['Run column table', '| Run | Detection | Bonus | Total |\n|---|---|---|---|\n| Run1 | 7.5 | +1 | 8.5 |\n| Run2 | 6.0 | 0 | 6.0 |', ['1:7.5', '2:6']],
    ['Run columns, corrected cell', '| Metric | Run1 | Run2 |\n|---|---|---|\n| Detection Score | 4.5 → 5.0 | 5.0 |', ['1:5', '2:5']],
    ['matrix total row', '| ID | Run1 | Run2 |\n|--|--|--|\n| P01 | ○ | × |\n| **合計** | **1.0** | **0.0** |', ['1:1', '2:0']],
    ['list under a label', '**Detection Score Summary:**\n- Run1: P03(1.0) + P06(1.0) = **2.0**\n- Run2: 3.0', ['1:2', '2:3']],
    ['sum after a label', '### Run1\n**検出スコア合計**: 0.5 + 1.0 + 0.5 = **2.0**', ['1:2']],
    ['product sum after a label', '### Run 1\n- **Detection Score**: 8 × 1.0 + 1 × 0.5 = 8.5', ['1:8.5']],
    ['several runs on one line', '**Revised Detection Subtotals**: Run1 = 7.5, Run2 = 6.0', ['1:7.5', '2:6']],
    ['formula with Detection (n)', 'Run1 Score = Detection (2.0) + Bonus (0.5) - Penalty (0.5) = 2.0', ['1:2']],
    ['formula with n (detection)', 'Run1 Score = 7.0 (detection) + 2.0 (bonus) - 0 (penalty) = 9.0', ['1:7']],
    ['base score heading', '### Run 1 Base Score: 7.0 / 10', ['1:7']],
    ['bare subtotal, not the bonus one', '## Run 1\n**Bonus Subtotal**: +1.5\n**Subtotal**: 6.0', ['1:6']],
    ['bold run block', '**Run2 確定スコア**:\n- 検出: 6.5\n- ボーナス: +2.5', ['2:6.5']],
  ])('%s', (_, text, expected) => {
    expect(primary(text)).toEqual(expected);
  });

  it.each([
    ['prose', '### Run1\nStandard scoring: Each detection = 1.0 point\n- More comprehensive bonus detection (9 vs 5 items)'],
    ['Japanese prose', '### Run1\nただし、検出スコアは「Σ(検出スコア)」であり、Run1の6.5 + 2.5 = 9.0は妥当（部分検出0.5）'],
    ['other metrics', 'Detection Rate: Run1=100.0%, Run2=88.9%\n- Partial Detections (△): Run1=3, Run2=3'],
    ['a prompt name', '**v009-variant-detection-hints**は、Run1=7.5, Run2=8.0（SD=0.25）'],
  ])('ignores %s', (_, text) => {
    expect(extractStated(text)).toEqual([]);
  });

  it("prefers the run's own section, else the last statement naming the run", () => {
    const text = ['Run1 Score: 7.0 (Detection: 6.0)', '## Run 1', '**Detection Score: 6.5**', '## Summary', '- Run1: 9.0 (detection 7.0)', '- Run2: 8.0 (検出5.0 + bonus)', '- Run2: 8.0 (検出5.5 + bonus)'].join('\n');
    expect(primary(text)).toEqual(['1:6.5', '2:5.5']);
  });
});

// ---------------------------------------------------------------------------------------------
// The corpus.
// ---------------------------------------------------------------------------------------------

interface RunCheck {
  run: number;
  /** Σ points of the labelled verdicts, by scoreRun. */
  table: number;
  problems: number;
  stated: Stated | undefined;
}

/** labels.tsv → per scoring file, per run, the units (the last verdict per problem wins). */
function labelledRuns(): Map<string, Map<number, Map<string, UnitVerdict>>> {
  const [header, ...rows] = readFileSync(LABELS, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
  const col = (name: string) => header!.indexOf(name);
  const [prompt, run, problem, verdict, points, file, runFile] = ['prompt', 'run', 'problem_id', 'verdict', 'points', 'scoring_file', 'run_file'].map(col);
  const files = new Map<string, Map<number, Map<string, UnitVerdict>>>();
  for (const r of rows) {
    const v = r[verdict!] as '○' | '△' | '×';
    expect(Number(r[points!]), `${r[file!]} ${r[problem!]}: points column vs rubric`).toBe(DEFAULT_RUBRIC.points[v]);
    const ref = { prompt: r[prompt!]!, run: Number(r[run!]), path: r[runFile!]!, sha256: '' };
    const byRun = files.get(r[file!]!) ?? new Map<number, Map<string, UnitVerdict>>();
    files.set(r[file!]!, byRun);
    const units = byRun.get(ref.run) ?? new Map<string, UnitVerdict>();
    byRun.set(ref.run, units);
    units.set(r[problem!]!, { review: ref, unit: r[problem!]!, verdict: v, agreement: 1, votes: [], evidence: [], unverified: 0 });
  }
  return files;
}

describe.skipIf(!exists)('labels.tsv vs the detection subtotals the scoring files state', () => {
  it('agree in most files; the files that disagree with their own tables are listed', () => {
    const checks = [...labelledRuns()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, runs]) => {
      const stated = extractStated(readFileSync(path.join(CORPUS, file), 'utf8'));
      const perRun: RunCheck[] = [...runs].sort(([a], [b]) => a - b).map(([run, units]) => ({
        run,
        table: scoreRun([...units.values()], undefined, DEFAULT_RUBRIC).detection,
        problems: units.size,
        stated: statedFor(stated, run),
      }));
      return { file, perRun };
    });
    const withStated = checks.filter((c) => c.perRun.some((r) => r.stated));
    const mismatched = withStated.filter((c) => c.perRun.some((r) => r.stated && r.stated.value !== r.table));
    const runs = checks.flatMap((c) => c.perRun).filter((r) => r.stated);
    const runsMatched = runs.filter((r) => r.stated!.value === r.table).length;
    const summary = {
      files: checks.length,
      matched: withStated.length - mismatched.length,
      mismatched: mismatched.length,
      noStatedSubtotal: checks.length - withStated.length,
      runsMatched: `${runsMatched}/${runs.length}`,
    };
    console.log(`labels vs stated detection subtotals: ${JSON.stringify(summary)}`);
    for (const c of mismatched) {
      const diffs = c.perRun.filter((r) => r.stated && r.stated.value !== r.table).map((r) => `run${r.run}: table ${r.table} vs stated ${r.stated!.value} (line ${r.stated!.line})`);
      console.log(`  ${c.file}: ${diffs.join('; ')}`);
    }

    // Every primary statement reads as a score (not a percentage or a count): a multiple of 0.25,
    // at most 2 above the problem count (some files do claim 9.5 of 9).
    for (const r of runs) expect((r.stated!.value * 4) % 1 === 0 && r.stated!.value <= r.problems + 2, JSON.stringify(r)).toBe(true);
    // Measured on the corpus as shipped: 146 files, 87 match, 59 mismatch, 0 without a stated
    // subtotal; 210 of 292 runs match. Most mismatches overstate the table by exactly 1.0 (62 runs).
    expect(checks.length).toBe(146);
    expect(summary.noStatedSubtotal).toBeLessThanOrEqual(3);
    expect(summary.matched / withStated.length).toBeGreaterThanOrEqual(0.55);
    expect(runsMatched / runs.length).toBeGreaterThanOrEqual(0.68);
  });
});
