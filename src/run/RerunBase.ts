import path from 'node:path';
import { Report } from '../types/Report.ts';
import type { Manifest } from '../types/Manifest.ts';
import type { AuditVerdict, UnitVerdict, Verdicts } from '../types/Verdicts.ts';
import { AUDIT_UNIT_ID } from '../types/Unit.ts';
import { readJsonOrNull, readRun } from './readRun.ts';

/** The run `--only` builds on: the latest run of the same inputs, read back whole. */
export interface RerunBase {
  runId: string;
  dir: string;
  manifest: Manifest;
  verdicts: Verdicts;
  /** Its report, for the printed change of totals, means and recommendation (null when unreadable). */
  report: Report | null;
}

/** Reads a run folder as a rerun base. */
export async function readRerunBase(dir: string): Promise<RerunBase> {
  const { manifest, verdicts } = await readRun(dir);
  return { runId: manifest.runId, dir, manifest, verdicts, report: await readJsonOrNull(path.join(dir, 'report.json'), Report) };
}

/** A unit of the base as it was: its verdict, its recorded votes and how many votes it expected. */
export interface ReusedUnit {
  result: { kind: 'detection'; verdict: UnitVerdict } | { kind: 'audit'; verdict: AuditVerdict };
  votes: Manifest['votes'];
  expectedVotes: number;
  judges: string[];
}

/** Pure: the base's unit for this review (same prompt, run and review digest) and id, or undefined. */
export function reusedUnit(base: RerunBase, review: { prompt: string; run: number; sha256: string }, id: string): ReusedUnit | undefined {
  const same = (r: { prompt: string; run: number; sha256: string }) => r.prompt === review.prompt && r.run === review.run && r.sha256 === review.sha256;
  const result =
    id === AUDIT_UNIT_ID
      ? (() => {
          const a = base.verdicts.audits?.find((x) => same(x.review));
          return a ? ({ kind: 'audit', verdict: a } as const) : undefined;
        })()
      : (() => {
          const u = base.verdicts.units.find((x) => same(x.review) && x.unit === id);
          return u ? ({ kind: 'detection', verdict: u } as const) : undefined;
        })();
  if (!result) return undefined;
  const votes = base.manifest.votes.filter((v) => v.prompt === review.prompt && v.run === review.run && v.unit === id);
  const recorded = base.manifest.units.find((u) => u.prompt === review.prompt && u.run === review.run && u.unit === id);
  const judges = recorded?.judges ?? base.manifest.judges.map((j) => j.id);
  return { result, votes, expectedVotes: recorded?.expectedVotes ?? base.manifest.settings.votes * judges.length, judges };
}
