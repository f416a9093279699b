import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { compareRaters, panelAgreement, unitAddress, type AgreementReport } from '../history/agreement.ts';
import { applyGold, parseGoldTsv, type GoldApplied, type GoldRow } from '../history/goldSet.ts';
import { ORDINAL_ORDER } from '../history/kappa.ts';
import type { Interval, PairAgreementWithIntervals } from '../history/kappaInterval.ts';
import { loadRater, type Rater } from '../history/loadRaters.ts';
import { EXIT, type CliIO } from './CliIO.ts';

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const k3 = (x: number) => x.toFixed(3);
/** A κ that may be undefined (expected agreement 1). */
const kv = (x: number | null) => (x === null ? 'undefined' : k3(x));

/**
 * `review-judge agree <A> [<B>]`: with two raters (run folders, folders of runs, or a labels TSV),
 * Cohen's κ, weighted κ and the confusion matrix over matched units; with one run, the agreement
 * between the judges of its panel and Fleiss' κ of its votes.
 */
export async function agreeCommand(args: string[], flags: { json?: boolean; limit: string; gold?: string }, io: CliIO): Promise<number> {
  if (args.length < 1 || args.length > 2) throw new InputError('agree takes two raters (run folder, folder of runs, or labels .tsv), or one run folder for its panel');
  if (!/^\d+$/.test(flags.limit)) throw new InputError(`--limit expects a non-negative integer, got '${flags.limit}'`);
  const limit = Number(flags.limit);
  if (args.length === 1) {
    const a = await loadRater(args[0]!, io.cwd);
    const units = a.runs.flatMap((r) => r.verdicts.units.map((u) => ({ unit: u.unit, votes: u.votes.map((v) => ({ judge: v.judge, verdict: v.verdict })) })));
    if (!units.length) throw new InputError('holds no judged units (a labels file has no votes: give a run folder)', args[0]);
    const panel = panelAgreement(units);
    if (flags.json) io.stdout(JSON.stringify(panel, null, 2) + '\n');
    else {
      io.stdout(`${args[0]}: ${units.length} units\n`);
      const f = panel.fleiss;
      io.stdout(f ? `self-consistency (Fleiss' κ over all valid votes): ${kv(f.kappa)} (95% ${interval(f.kappaInterval)}${skipped(f.kappaInterval)})  (${f.items} units, ${f.ratings} votes, observed ${pct(f.observed)}, chance ${pct(f.expected)})${f.kappaUndefined ? `: ${f.kappaUndefined}` : ''}\n` : 'self-consistency: no unit has two valid votes (early stopping or --votes 1)\n');
      for (const p of panel.pairs) io.stdout(`judges ${p.a} vs ${p.b}: ${p.agreement.n} units, agreement ${pct(p.agreement.observed)}, κ ${kv(p.agreement.kappa)}, weighted κ ${kv(p.agreement.weightedKappa)} (95%: κ ${interval(p.agreement.kappaInterval)}, weighted κ ${interval(p.agreement.weightedKappaInterval)}${skipped(p.agreement.kappaInterval)})\n`);
      if (!panel.pairs.length) io.stdout('one judge: no panel pairs to compare\n');
      const method = f?.kappaInterval.method ?? panel.pairs[0]?.agreement.kappaInterval.method;
      if (method) io.stdout(`intervals: ${method}${notes([f?.kappaInterval, ...panel.pairs.flatMap((p) => [p.agreement.kappaInterval, p.agreement.weightedKappaInterval])])}\n`);
    }
    return EXIT.ok;
  }
  const gold = flags.gold ? await readGold(flags.gold, io.cwd) : null;
  const raters = await Promise.all(args.map((x) => loadRater(x, io.cwd)));
  const { raters: [a, b], applied } = gold ? goldOver(raters, gold, flags.gold!) : { raters, applied: null };
  const report = compareRaters(a!.units, b!.units);
  if (flags.json) io.stdout(JSON.stringify({ a: a!.label, b: b!.label, goldOverrides: applied?.goldOverrides ?? 0, gold: applied, ...report }, null, 2) + '\n');
  else io.stdout(formatAgreement(a!.label, b!.label, a!.units.length, b!.units.length, report, limit, applied));
  if (!report.matched) {
    io.stderr('review-judge: no unit matched: the raters cover different series, rounds, prompts or runs\n');
    return EXIT.input;
  }
  return EXIT.ok;
}

/** Reads a gold TSV named by `--gold`. */
export async function readGold(file: string, cwd: string): Promise<GoldRow[]> {
  const text = await readFile(path.resolve(cwd, file), 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read the gold set (${e.code ?? e.message})`, file);
  });
  return parseGoldTsv(text, file);
}

/**
 * The gold set in place of the history's verdicts, on the rater that is history (an import or
 * labels.tsv). Exactly one must be: on both, the gold rows would replace both sides, count twice
 * and force agreement on every gold unit.
 */
function goldOver(raters: Rater[], gold: GoldRow[], file: string): { raters: Rater[]; applied: GoldApplied } {
  if (!raters.some((r) => r.history)) throw new InputError("--gold replaces the history's verdicts, but neither rater is history (an imported run folder or a labels .tsv)", file);
  if (raters.every((r) => r.history)) throw new InputError("--gold replaces the history's verdicts on one side, but both raters are history: it would replace both sides and force their agreement; compare a judged run or calibration with one history rater", file);
  let goldOverrides = 0;
  let changed = 0;
  const out = raters.map((r) => {
    if (!r.history) return r;
    const { units, applied } = applyGold(r.units, gold, file);
    goldOverrides += applied.goldOverrides;
    changed += applied.changed;
    return { ...r, units };
  });
  const present = new Set(raters.filter((r) => r.history).flatMap((r) => r.units.map(unitAddress)));
  return { raters: out, applied: { file, goldOverrides, changed, unused: gold.filter((g) => !present.has(unitAddress(g))).length } };
}

/** The line naming what a gold set replaced. */
export function goldText(g: GoldApplied): string {
  return `gold set ${g.file}: ${g.goldOverrides} history verdict${g.goldOverrides === 1 ? '' : 's'} replaced (goldOverrides), ${g.changed} of them changed; ${g.unused} gold row${g.unused === 1 ? '' : 's'} matched no unit here`;
}

/** A 95% interval as `[low, high]`, or `not estimable` when it has no ends (see `Interval.notEstimable`). */
export function interval(x: Interval): string {
  return x.low === null || x.high === null ? 'not estimable' : `[${k3(x.low)}, ${k3(x.high)}]`;
}

/** Why intervals could not be estimated, as a `; …` tail (empty when all were). */
export function notes(intervals: ReadonlyArray<Interval | undefined>): string {
  return [...new Set(intervals.map((x) => x?.notEstimable).filter((x): x is string => !!x))].map((w) => `; ${w}`).join('');
}

/** The resamples left out for an undefined κ, as a `; …` tail inside an interval's parentheses. */
const skipped = (x: Interval) => (x.undefinedResamples ? `; κ undefined on ${x.undefinedResamples} resamples, left out` : '');

/** One agreement line: n, raw agreement, κ and weighted κ, then their 95% intervals (the line's start is stable for scripts). */
export function agreementLine(name: string, x: PairAgreementWithIntervals): string {
  return `${name}  n=${x.n}  agreement ${pct(x.observed)}  κ ${kv(x.kappa)}  weighted κ ${kv(x.weightedKappa)}  (95%: κ ${interval(x.kappaInterval)}, weighted κ ${interval(x.weightedKappaInterval)}${skipped(x.kappaInterval)})`;
}

/**
 * Human-readable agreement: numbers with intervals, their reading, matrix, splits, then the
 * disagreements with both sides' reasons; `allListed` names where the rest of a cut list is.
 */
export function formatAgreement(la: string, lb: string, na: number, nb: number, r: AgreementReport, limit: number, gold: GoldApplied | null = null, allListed = '--json lists all'): string {
  const out = [`A: ${la} (${na} units)`, `B: ${lb} (${nb} units)`, `matched units: ${r.matched} (unscored on one side: ${r.unscored}; only in A: ${r.onlyA}; only in B: ${r.onlyB})`];
  if (gold) out.push(goldText(gold));
  const line = agreementLine;
  if (r.overall) {
    out.push(line('overall', r.overall), `reading: ${r.reading}`, `intervals: ${r.overall.kappaInterval.method}${notes([r.overall.kappaInterval, r.overall.weightedKappaInterval])}`);
    out.push('', 'confusion matrix (rows: A, columns: B)', `      ${ORDINAL_ORDER.map((o) => o.padStart(6)).join('')}`);
    r.overall.matrix.forEach((row, i) => out.push(`  ${ORDINAL_ORDER[i]}   ${row.map((c) => String(c).padStart(6)).join('')}`));
    out.push('', 'by perspective:', ...Object.entries(r.byPerspective).map(([k, x]) => '  ' + line(k, x)));
    out.push('', 'by severity:', ...Object.entries(r.bySeverity).map(([k, x]) => '  ' + line(k, x)));
  }
  out.push('', `disagreements: ${r.disagreements.length}${r.disagreements.length > limit ? ` (first ${limit}; ${allListed})` : ''}`);
  for (const d of r.disagreements.slice(0, limit)) {
    out.push(`  ${d.series} r${d.round} ${d.prompt} run${d.run} ${d.unit}: A ${d.a} / B ${d.b}`, `      A: ${oneLine(d.aDetail)}`, `      B: ${oneLine(d.bDetail)}`);
  }
  return out.join('\n') + '\n';
}

function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
