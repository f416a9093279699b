/**
 * What a user needs to adjudicate one disagreement between the judge and the history, read once at
 * the edge for calibration.html: the passages the judge quoted, the key's three criteria, the
 * historical grader's own table row and what else it wrote about the unit, and the judge's reasoning.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoredRun } from '../run/readRun.ts';
import type { Problem } from '../types/AnswerKey.ts';
import { unitAddress, type AgreementReport } from './agreement.ts';

/** One disagreement's material, keyed by unit address. */
export interface DisagreementContext {
  problem: Pick<Problem, 'title' | 'criteria'> | null;
  /** The judge's quotes (every vote's), each with whether the evidence check found it in the review. */
  quotes: Array<{ quote: string; verified: boolean }>;
  /** The judge's reasoning per vote. */
  reasons: string[];
  /** The scoring file and line the history's verdict was read from, when known. */
  source: string | null;
  /** That line of the scoring file (the grader's table row or bullet). */
  row: string | null;
  /** Other lines of the scoring file that name the unit (the grader's own text about it), at most six. */
  text: string[];
}

const SOURCE = /^(.*):(\d+)$/;

/** Reads the context of each disagreement: quotes and reasons from the judged runs, the row and text from the scoring file. */
export async function readDisagreementContexts(report: AgreementReport, runs: ReadonlyArray<{ run: StoredRun; series: string; round: number }>, cwd: string): Promise<Map<string, DisagreementContext>> {
  const units = new Map<string, { unit: StoredRun['verdicts']['units'][number]; problems: Problem[] }>();
  for (const { run, series, round } of runs) {
    for (const u of run.verdicts.units) units.set(unitAddress({ series, round, prompt: u.review.prompt, run: u.review.run, unit: u.unit }), { unit: u, problems: run.manifest.key.problems });
  }
  const files = new Map<string, string[] | null>();
  const linesOf = async (file: string) => {
    if (!files.has(file)) files.set(file, await readFile(path.resolve(cwd, file), 'utf8').then((t) => t.split(/\r?\n/), () => null));
    return files.get(file)!;
  };
  const out = new Map<string, DisagreementContext>();
  for (const d of report.disagreements) {
    const key = unitAddress(d);
    const judged = units.get(key);
    const problem = judged?.problems.find((p) => p.id === d.unit) ?? null;
    const seen = new Set<string>();
    const quotes = (judged?.unit.votes ?? []).flatMap((v) => v.evidence ?? []).filter((e) => !seen.has(e.quote) && (seen.add(e.quote), true)).map((e) => ({ quote: e.quote, verified: e.verified }));
    const m = SOURCE.exec(d.bDetail.replace(/^gold .*\(history: \S+ (.*)\)$/, '$1'));
    const lines = m ? await linesOf(m[1]!) : null;
    const lineNo = m ? Number(m[2]) : 0;
    const mention = new RegExp(`\\b${d.unit}\\b`);
    out.set(key, {
      problem: problem ? { title: problem.title, criteria: problem.criteria } : null,
      quotes,
      reasons: (judged?.unit.votes ?? []).map((v) => v.reason),
      source: m ? `${m[1]}:${m[2]}` : null,
      row: lines?.[lineNo - 1]?.trim() ?? null,
      text: (lines ?? []).flatMap((l, i) => (i !== lineNo - 1 && mention.test(l) && l.trim() ? [l.trim()] : [])).slice(0, 6),
    });
  }
  return out;
}
