import type { RoundOutcome } from '../pipeline/scoreRound.ts';
import type { ScoreJob } from '../pipeline/ScoreJob.ts';
import { diffVerdicts } from '../run/previousRun.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { formatSpendWithLocal, formatUsd } from '../report/formatSpend.ts';
import { abRecommendationText } from '../report/abVerdictText.ts';
import { formatVerdictTable } from './formatVerdictTable.ts';

/** How a round is printed: alone (its table, or verdicts.json with `--json`) or as one of several (one titled line). */
export interface PrintMode {
  /** One of several rounds (nightly, calibrate): no table, the title before the recommendation. */
  quiet: boolean;
  json: boolean;
  /** False for calibrate: the rounds are a sample judged for agreement, so no per-round recommendation or A/B line. */
  recommendation?: boolean;
}

/** Prints a scored round's result lines and returns its exit code. */
export function printRound(o: RoundOutcome, job: ScoreJob, io: CliIO, mode: PrintMode): number {
  for (const f of o.workflowFiles) io.stderr(`wrote ${f}\n`);
  const t = o.result.manifest.totals;
  const ids = o.result.manifest.key.problems.map((p) => p.id);
  if (!mode.quiet) io.stdout(mode.json ? JSON.stringify(o.result.verdicts, null, 2) + '\n' : formatVerdictTable(o.result.verdicts, ids, o.report));
  if (mode.recommendation !== false) (mode.json ? io.stderr : io.stdout)(`${mode.quiet ? `${o.title}: ` : ''}recommended: ${o.report.recommendation.prompt} (${o.report.recommendation.reason})\n`);
  // The A/B verdict right under the rule's choice, so the terminal says what the pages say.
  const ab = abRecommendationText(o.report);
  if (ab && mode.recommendation !== false) (mode.json ? io.stderr : io.stdout)(`${mode.quiet ? `${o.title}: ` : ''}A/B test: ${ab}\n`);
  const e = o.report.evidence;
  io.stderr(`${t.units} units, ${t.requests} requests, ${t.cacheHits} cached votes, ${t.unscored} unscored, ${formatSpendWithLocal(t.costUsd ?? 0, t.requests, o.result.manifest.costs?.unpricedRequests ?? 0, t.local)}${t.local ? '' : ' spent'}; reports in ${o.runDir}\n`);
  if (t.batch) io.stderr(`batch: ${t.batch.votes} votes from ${t.batch.requests} provider batch entries at the batch price (${formatUsd(t.batch.costUsd)} of the spend)${mode.quiet ? ` in ${o.title}` : ''}\n`);
  if (o.unchanged) io.stderr(`unchanged${mode.quiet ? ` ${o.title}` : ''}: the same votes and report as that run, so no new run folder was written\n`);
  io.stderr(`evidence: ${e.demoted} of ${e.votes} ○/△ votes demoted to × (quote not found in the review)${mode.quiet ? ` in ${o.title}` : ''}\n`);
  const restated = o.report.prompts.flatMap((p) => p.runs.flatMap((r) => r.bonusesRestated.map((b) => `${p.prompt} run${r.run} ${b.id ?? 'unlisted'} (restates ${b.problem})`)));
  if (restated.length) io.stderr(`one finding, one credit: ${restated.length} bonus${restated.length === 1 ? '' : 'es'} not counted because the quote is a ○/△ unit's evidence: ${restated.join(', ')}\n`);
  for (const judge of new Set(o.report.snapshots.map((s) => s.judge))) {
    const of = o.report.snapshots.filter((s) => s.judge === judge);
    if (of.length > 1) io.stderr(`warning: judge drift: ${judge} answered with ${of.length} snapshots in ${o.title}: ${of.map((s) => `${s.servedModel} (${s.votes} votes)`).join(', ')}\n`);
  }
  const retried = o.result.manifest.votes.filter((v) => v.retry?.kind === 'truncated' && !v.retry.fromCache);
  if (t.retries?.truncated) io.stderr(`retried: ${votes(t.retries.truncated)} cut at the output budget, asked again with a larger one (${budgetSteps(retried)}); ${retried.filter((v) => v.status === 'failed').length} cut again (unscored)\n`);
  if (t.retries?.invalidOutput) io.stderr(`retried: ${votes(t.retries.invalidOutput)} with a malformed answer, asked again\n`);
  if (t.jsonObjectFallbacks) io.stderr(`json_object fallback used for ${t.jsonObjectFallbacks} requests (the server rejected response_format json_schema; the schema went in the system message)\n`);
  const salt = job.settings.salt;
  if (salt) io.stderr(`fresh samples under salt ${salt}: rerun with --salt ${salt} to resume or replay them\n`);
  const stopped = job.budget.stopReason();
  if (stopped) io.stderr(`review-judge: ${stopped}\n`);
  if (job.settings.only.length && !mode.quiet) {
    if (o.previous) for (const line of diffVerdicts(o.previous.verdicts, o.result.verdicts, o.previous.report, o.report)) (mode.json ? io.stderr : io.stdout)(line + '\n');
    io.stderr(`--only ${job.settings.only.join(',')}: fresh votes for those units; ${o.result.reused} other units taken as they were from run ${o.previous?.runId ?? '?'}\n`);
  }
  for (const name of o.offlineMisses) io.stderr(`review-judge: offline: no cached votes for ${name}; run without --offline to judge it\n`);
  for (const u of o.report.unscored) io.stderr(`unscored: ${u.prompt} run${u.run} ${u.unit}: ${u.reason}\n`);
  for (const line of o.broken) io.stderr(`threshold: ${line}\n`);
  for (const line of o.undecided) io.stderr(`threshold: ${line}\n`);
  if (o.suspect) io.stderr(`review-judge: suspect evidence: ${o.suspect}\n`);
  const lost = o.cacheWriteFailures;
  if (lost.count) io.stderr(`review-judge: WARNING: ${lost.count} cache writes failed (${lost.reason}) in ${o.title}: those votes cannot be replayed and a rerun pays for them again; check the cache folder (--cache-dir)\n`);
  const code = { 'offline-miss': EXIT.input, threshold: EXIT.threshold, 'suspect-evidence': EXIT.unscored, unscored: EXIT.unscored, ok: EXIT.ok }[o.status];
  // A run that could not be cached is not replayable: not ok, whatever its verdicts.
  return code === EXIT.ok && lost.count ? EXIT.unscored : code;
}

function votes(n: number): string {
  return n === 1 ? '1 vote' : `${n} votes`;
}

/** "4736 → 9472 tokens" for each distinct budget step of the retried votes. */
function budgetSteps(votes: Array<{ retry?: { kind: string; fromTokens?: number; toTokens?: number } | undefined }>): string {
  const steps = new Set(votes.map((v) => `${v.retry?.fromTokens} → ${v.retry?.toTokens} tokens`));
  return [...steps].join(', ');
}
