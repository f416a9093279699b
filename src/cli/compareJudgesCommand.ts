import { InputError } from '../errors.ts';
import { readCalibration } from '../history/calibrationFile.ts';
import { compareJudges, sign, type JudgeComparison } from '../history/compareJudges.ts';
import type { PairedDifference } from '../history/pairedKappaDifference.ts';
import { agreementLine } from './agreeCommand.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/**
 * `review-judge compare-judges <calibration-A> <calibration-B> [--json]`: on the units both
 * calibrations judged, each judge's agreement with the history (κ, weighted κ, intervals), the
 * paired difference with its interval and permutation test, and the units where the judges differ.
 * Exit 0 when there is something to compare, 2 when the calibrations share no unit.
 */
export async function compareJudgesCommand(a: string, b: string, flags: { json?: boolean; limit: string }, io: CliIO): Promise<number> {
  if (!/^\d+$/.test(flags.limit)) throw new InputError(`--limit expects a non-negative integer, got '${flags.limit}'`);
  const [ca, cb] = await Promise.all([readCalibration(a, io.cwd), readCalibration(b, io.cwd)]);
  const warnings: string[] = [];
  if (ca.split.name !== cb.split.name) warnings.push(`the calibrations drew from different splits (A ${ca.split.name}, B ${cb.split.name}): only their common units are compared`);
  if (ca.split.digest !== cb.split.digest) warnings.push('the calibrations partitioned different histories into dev and test (the split digests differ): the history changed between them');
  if (ca.goldOverrides !== cb.goldOverrides) warnings.push(`the calibrations used different gold sets (A ${ca.goldOverrides} overrides, B ${cb.goldOverrides}): A's reference is used on common units`);
  const c = compareJudges({ label: a, judged: ca.judged, history: ca.history }, { label: b, judged: cb.judged, history: cb.history });
  if (c.referenceConflicts) warnings.push(`${c.referenceConflicts} common units have another history verdict in B's calibration: A's is used`);
  if (flags.json) io.stdout(JSON.stringify({ ...c, judgesA: ca.judges, judgesB: cb.judges, splitA: ca.split, splitB: cb.split, goldOverridesA: ca.goldOverrides, goldOverridesB: cb.goldOverrides, warnings }, null, 2) + '\n');
  else io.stdout(formatComparison(c, ca.judges, cb.judges, Number(flags.limit)));
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  if (!c.common) {
    io.stderr('review-judge: the two calibrations judged no unit in common: calibrate both with the same --split, --sample and --seed\n');
    return EXIT.input;
  }
  return EXIT.ok;
}

const diffLine = (name: string, d: PairedDifference) =>
  `${name} ${d.difference === null ? 'undefined' : sign(d.difference)}  95% ${d.interval.low === null || d.interval.high === null ? 'not estimable' : `[${sign(d.interval.low)}, ${sign(d.interval.high)}]`}  p ${d.p === null ? '—' : d.p.toFixed(4)}${d.interval.undefinedResamples ? ` (undefined on ${d.interval.undefinedResamples} resamples, ${d.undefinedPermutations} permutations, left out)` : ''}`;

/** The comparison as text: both sides, the difference, the verdict, then the units where the judges differ. */
export function formatComparison(c: JudgeComparison, judgesA: string[], judgesB: string[], limit: number): string {
  const out = [
    `A: ${c.a} (judges ${judgesA.join(', ')})`,
    `B: ${c.b} (judges ${judgesB.join(', ')})`,
    `units both judged: ${c.common} (unscored on a side: ${c.unscored}; only in A: ${c.onlyA}; only in B: ${c.onlyB})`,
  ];
  if (c.sideA && c.sideB && c.difference) {
    out.push(agreementLine('A vs history', c.sideA), agreementLine('B vs history', c.sideB));
    out.push(`${diffLine('A − B  κ', c.difference.kappa)}   ${diffLine('weighted κ', c.difference.weightedKappa)}`);
    out.push(`method: ${c.difference.kappa.interval.method}; ${c.difference.kappa.test}`);
  }
  out.push(`verdict: ${c.verdict}`, '', `units where the judges differ: ${c.differing.length}${c.differing.length > limit ? ` (first ${limit}; --json lists all)` : ''}`);
  for (const d of c.differing.slice(0, limit)) {
    out.push(`  ${d.series} r${d.round} ${d.prompt} run${d.run} ${d.unit}: A ${d.a} / B ${d.b} / history ${d.reference}`, `      A: ${oneLine(d.aDetail)}`, `      B: ${oneLine(d.bDetail)}`, `      history: ${oneLine(d.referenceDetail)}`);
  }
  return out.join('\n') + '\n';
}

function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
