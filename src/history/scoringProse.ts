/** Verdicts stated outside tables: per-problem subsections (`### P01 …` + `**判定**: ○`) and bullets (`- P01: ○ (1.0)`). */
import { runOf, type DocLine, type HeadingRef } from './scoringDocument.ts';
import type { ScoringWarning, VerdictEvent } from './ScoringFile.ts';
import { ARROW, cellVerdict, leadingProblemId, leadingVerdict, plain, singleRun, type HistoricVerdict } from './verdictText.ts';

const V = '([○△×])';
/** Both runs named at once: `(Both Runs)`, `両方とも`, `両Run`, `in both runs`. */
const BOTH = /both\s*runs?|両方|両Run|両実行|共通/i;
/** Labels that introduce a verdict inside a problem's subsection. */
const VERDICT_LABEL = /^(?:run\s*\d+\s*)?(?:(?:final|最終|revised|updated|corrected)\s*)?(?:判定|correction|訂正|修正|検出判定|判定結果|検出結果|検出|detection|status|result|verdict|judge?ment|rating|結果|score|スコア)?(?:\s*\(.*\))?$/i;
/** Labels that quote criteria or give reasons, even when they hold a symbol. */
const NOT_VERDICT_LABEL = /criteri|基準|理由|reason|evidence|根拠|rationale|note/i;

/** Verdicts per run a text states explicitly: `Run1: ○`, `△ in Run 1`, `○/△` (run 1 / run 2), `○ (Both Runs)`. */
function explicitRunVerdicts(text: string): Map<number, HistoricVerdict> {
  const s = plain(text);
  const out = new Map<number, HistoricVerdict>();
  for (const m of s.matchAll(new RegExp(`run\\s*(\\d{1,2})\\s*(?:判定|detection|result)?\\s*[:：=]?\\s*\\(?\\s*${V}`, 'giu'))) out.set(Number(m[1]), m[2] as HistoricVerdict);
  for (const m of s.matchAll(new RegExp(`${V}\\s*\\(?\\s*(?:in|for|on)\\s+run\\s*(\\d{1,2})`, 'giu'))) out.set(Number(m[2]), m[1] as HistoricVerdict);
  if (out.size > 0) return out;
  const pair = new RegExp(`${V}\\s*/\\s*${V}(?!\\s*/)`, 'u').exec(s);
  if (pair) return new Map([[1, pair[1] as HistoricVerdict], [2, pair[2] as HistoricVerdict]]);
  const both = new RegExp(`(?:${BOTH.source})\\s*[:：]?\\s*(?:とも)?\\s*${V}|${V}\\s*[(（]?\\s*(?:in\\s+)?(?:${BOTH.source})`, 'iu').exec(s);
  if (both) {
    const v = (both[1] ?? both[2]) as HistoricVerdict;
    return new Map([[1, v], [2, v]]);
  }
  return out;
}

/** Maps a stated score (1.0 / 0.5 / 0.0) to its verdict. */
function scoreVerdict(score: string): HistoricVerdict | null {
  const n = Number(score);
  return n === 1 ? '○' : n === 0.5 ? '△' : n === 0 ? '×' : null;
}

/**
 * The verdict a value states: a leading symbol (`○ (1.0)`, `× → △`), or a leading score with an
 * optional symbol after it (`1.0 (○)`, `0.0 (miss)`).
 */
function valueVerdict(value: string): HistoricVerdict | null {
  const v = cellVerdict(value);
  if (v) return v;
  const parts = plain(value).split(ARROW);
  const after = parts.length > 1 ? parts[parts.length - 1]! : '';
  if (/修正|訂正|correct|revis|updat/i.test(after) && leadingVerdict(after)) return leadingVerdict(after);
  const m = /^(1(?:\.0+)?|0\.50*|0(?:\.0+)?)(?![\d./])\s*(?:点|pts?|points?)?\s*(?:[(（]\s*([○△×]))?/iu.exec(plain(value));
  if (!m) return null;
  return (m[2] as HistoricVerdict | undefined) ?? scoreVerdict(m[1]!);
}

/** The verdicts of a heading naming a problem: `### P01: … - ○ (1.0)`, `[Run1: ○, Run2: △]`, `(○/○)`. */
function headingVerdicts(h: HeadingRef, outer: HeadingRef[], problem: string, warnings: ScoringWarning[]): VerdictEvent[] {
  const rest = plain(h.text).replace(/^[\s[(]*P\d{1,2}/u, '');
  const explicit = explicitRunVerdicts(rest);
  if (explicit.size > 0) return [...explicit].map(([run, verdict]) => ({ run, problem, verdict, line: h.line }));
  const tail = new RegExp(`(?:^|[-–—:：\\[(（]|\\s)\\s*${V}\\s*(?:[(（]?\\s*\\d\\.\\d\\s*(?:点)?\\s*[)）]?)?\\s*[\\])）]?\\s*$`, 'u').exec(rest);
  if (!tail) return [];
  const run = singleRun(rest) ?? runOf(outer);
  if (run === null) {
    warnings.push({ line: h.line, message: `verdict in heading "${h.text}" under no heading naming a run: ignored` });
    return [];
  }
  return [{ run, problem, verdict: tail[1] as HistoricVerdict, line: h.line }];
}

/** A `Label: value` line inside a problem's subsection that states a verdict (`**判定**: ○`, `- Run1: △`). */
function labelledVerdicts(line: DocLine, problem: string, ctxRun: number | null): VerdictEvent[] | string | null {
  const body = plain(line.text.replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, ''));
  const m = /^([^:：]{1,40}?)\s*[:：]\s*(.*)$/u.exec(body);
  if (!m) return null;
  const label = m[1]!.trim();
  const value = m[2]!;
  if (NOT_VERDICT_LABEL.test(label) || !VERDICT_LABEL.test(label.replace(/[○△×][^)]*/u, ''))) return null;
  const inLabel = /[(（]\s*([○△×])/u.exec(label)?.[1] as HistoricVerdict | undefined;
  const labelRun = singleRun(label);
  const explicit = labelRun === null ? explicitRunVerdicts(value) : new Map<number, HistoricVerdict>();
  if (!inLabel && explicit.size > 0) return [...explicit].map(([run, verdict]) => ({ run, problem, verdict, line: line.no }));
  const verdict = inLabel ?? valueVerdict(value);
  if (!verdict) return null;
  const runs = labelRun !== null ? [labelRun] : BOTH.test(label) || BOTH.test(value.slice(0, 20)) ? [1, 2] : ctxRun !== null ? [ctxRun] : [];
  if (runs.length === 0) return `verdict "${label}: ${value.slice(0, 20)}" under no heading naming a run: ignored`;
  return runs.map((run) => ({ run, problem, verdict, line: line.no }));
}

/**
 * A bullet (or a line at the margin) keyed by a problem id: `- P01: ○ (1.0)`, `- **P01**: 1.0 (○)`,
 * `- P01 (○): 1.0`, `- P01: ○/○`, `P10 Final:` (a label whose list follows).
 */
function problemLine(line: DocLine): { problem: string; value: string; events: Array<Omit<VerdictEvent, 'problem'>>; single: HistoricVerdict | null } | null {
  const m = /^(?:\s*(?:[-*+]|\d{1,3}[.)])\s+)?(.*)$/.exec(line.text);
  const body = plain(m![1]!);
  const id = /^(P\d{1,2})(?![\dA-Za-z])\s*((?:[(（][^)）]*[)）]\s*)?)(?:(?:final|最終|correction|corrected|訂正|修正|revised|再評価)\s*)?[:：=]\s*(.*)$/iu.exec(body);
  if (!id) return null;
  const problem = leadingProblemId(id[1]!)!;
  const paren = /^[(（]\s*([○△×])\s*[)）]/u.exec(id[2]!.trim())?.[1] as HistoricVerdict | undefined;
  const value = id[3]!;
  const explicit = explicitRunVerdicts(value.slice(0, 40));
  if (explicit.size > 0) return { problem, value, events: [...explicit].map(([run, verdict]) => ({ run, verdict, line: line.no })), single: null };
  return { problem, value, events: [], single: paren ?? valueVerdict(value) };
}

/** An open list item that scopes its nested items: a problem (`1. **P08: …**`) or a run (`- **Run1**: …`). */
interface OpenItem {
  indent: number;
  problem: string | null;
  run: number | null;
}

/** Reads per-problem subsections and problem bullets, in document order. */
export function proseVerdicts(doc: DocLine[], warnings: ScoringWarning[]): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  let section: { problem: string; level: number } | null = null;
  let items: OpenItem[] = [];
  for (const line of doc) {
    if (line.inFence || line.text.trim() === '') continue;
    const h = line.path[line.path.length - 1];
    if (h && h.line === line.no) {
      items = [];
      if (section && h.level <= section.level) section = null;
      const problem = h.level <= 6 ? leadingProblemId(h.text) : null;
      if (problem) {
        section = { problem, level: h.level };
        events.push(...headingVerdicts(h, line.path.slice(0, -1), problem, warnings));
      } else if (h.level === 7 && section) {
        const lv = labelledVerdicts(line, section.problem, line.run);
        if (Array.isArray(lv)) events.push(...lv);
      }
      continue;
    }
    const bulletIndent = /^([ \t]*)(?:[-*+]|\d{1,3}[.)])\s+/.exec(line.text)?.[1]?.replace(/\t/g, '    ').length;
    const indent = bulletIndent ?? /^[ \t]*/.exec(line.text)![0].replace(/\t/g, '    ').length;
    // A paragraph line at the margin closes every item, including a run named by the previous paragraph.
    items = items.filter((it) => it.indent < (bulletIndent === undefined && indent === 0 ? PARAGRAPH : indent));
    const ctxRun = [...items].reverse().find((it) => it.run !== null)?.run ?? line.run;
    const ctxProblem = [...items].reverse().find((it) => it.problem !== null)?.problem ?? section?.problem ?? null;

    const bullet = bulletIndent !== undefined || indent === 0 ? problemLine(line) : null;
    if (bullet) {
      events.push(...bullet.events.map((e) => ({ ...e, problem: bullet.problem })));
      if (bullet.single) {
        if (ctxRun === null) warnings.push({ line: line.no, message: `bullet verdict for ${bullet.problem} under no heading naming a run: ignored` });
        else events.push({ run: ctxRun, problem: bullet.problem, verdict: bullet.single, line: line.no });
      } else if (bullet.events.length === 0 && (bulletIndent !== undefined || bullet.value === '')) {
        items.push({ indent: bulletIndent ?? PARAGRAPH, problem: bullet.problem, run: null });
      }
      continue;
    }
    const itemProblem = bulletIndent !== undefined ? bulletProblem(line.text) : null;
    if (itemProblem) {
      items.push({ indent: bulletIndent!, problem: itemProblem, run: null });
      continue;
    }
    if (ctxProblem) {
      const lv = labelledVerdicts(line, ctxProblem, ctxRun);
      if (typeof lv === 'string') warnings.push({ line: line.no, message: lv });
      else if (lv) events.push(...lv);
    }
    const named = runLabel(line.text);
    if (named !== null) items.push({ indent: bulletIndent ?? PARAGRAPH, problem: null, run: named });
  }
  return events;
}

/** The problem a list item is about when it is only a title (`1. **P08: ログ出力…**`), or null. */
function bulletProblem(text: string): string | null {
  const body = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(\*\*|__)?(.*)$/.exec(text);
  if (!body || !body[1]) return null;
  return leadingProblemId(body[2]!);
}

/** The run a list item or paragraph is labelled with (`- **Run1**: …`, `**Run2 Evidence**: …`), or null. */
function runLabel(text: string): number | null {
  const body = plain(text.replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, ''));
  const label = /^([^:：]{1,40}?)\s*[:：]/u.exec(body)?.[1];
  return label !== undefined && /^run\s*\d+/i.test(label) ? singleRun(label) : null;
}

/** Indent given to a labelled paragraph (`**Run1 Evidence**: …`): it scopes the list that follows it. */
const PARAGRAPH = -1;
