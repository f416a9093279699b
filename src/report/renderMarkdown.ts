import type { Comparison, ProblemRow, PromptScore, Report, RunScore } from '../types/Report.ts';
import { batchSentence, clip, evidenceSentence, retriesSentence, num, pct, rubricSummary, runLabel, signed, verdictMark } from './htmlPartsFormat.ts';
import { formatLocal, formatSpend, formatUsd } from './formatSpend.ts';
import { VERDICTS, VERDICT_NAMES } from '../types/Scale.ts';
import { DEFAULT_MAX_DEMOTED_SHARE } from '../score/evidenceCount.ts';
import { abRecommendationText, comparisonsLegend, methodName, runsNeededText, verdictText } from './abVerdictText.ts';

/** How many rows each long list may show before a "… N more" line. */
export interface MarkdownLimits {
  problems: number;
  unscored: number;
  disagreements: number;
  items: number;
}

/** Default list lengths: enough for a round of ~10 problems × a few prompts, compact for a PR comment. */
export const DEFAULT_MARKDOWN_LIMITS: MarkdownLimits = { problems: 60, unscored: 50, disagreements: 10, items: 40 };

/** GitHub's comment limit is 65,536 characters; stay below it with room for a wrapper line or two. */
export const MARKDOWN_BUDGET = 60_000;

const CELL_MAX = 160;

/** report.md: the round's scores, recommendation, convergence, comparisons, problems, unscored units and disagreements, sized for a pull-request comment. */
export function renderMarkdown(report: Report, limits: MarkdownLimits = DEFAULT_MARKDOWN_LIMITS): string {
  let current = limits;
  for (;;) {
    const md = renderWith(report, current);
    if (md.length <= MARKDOWN_BUDGET) return md;
    const next = shrink(current);
    if (!next) return `${md.slice(0, MARKDOWN_BUDGET - 80).replace(/\n[^\n]*$/, '')}\n\n… truncated to fit a comment: see report.json\n`;
    current = next;
  }
}

function shrink(l: MarkdownLimits): MarkdownLimits | null {
  if (l.problems <= 1 && l.unscored <= 1 && l.disagreements <= 1 && l.items <= 1) return null;
  const half = (n: number) => Math.max(1, Math.floor(n / 2));
  return { problems: half(l.problems), unscored: half(l.unscored), disagreements: half(l.disagreements), items: half(l.items) };
}

function renderWith(r: Report, limits: MarkdownLimits): string {
  const round = r.round === null ? 'no round' : `round ${r.round}`;
  const out = [`## Review scores: ${inline(r.title)}${r.title.includes(round) ? '' : ` · ${round}`} · run ${code(r.runId)}`, ''];
  out.push(...scoreTable(r.prompts), '');
  const limit = r.evidenceLimit ?? DEFAULT_MAX_DEMOTED_SHARE;
  out.push(r.evidence.demotedShare > limit + 1e-9 ? `**${evidenceSentence(r.evidence, limit)}**` : `_${evidenceSentence(r.evidence, limit)}_`, '');
  const retries = retriesSentence(r.retries);
  if (retries) out.push(`_${retries}_`, '');
  out.push(...recommendation(r), '');
  out.push(...comparisons(r));
  out.push(...problems(r, limits.problems));
  out.push(...unscored(r, limits.unscored));
  out.push(...disagreements(r, limits.disagreements));
  out.push(...auditItems(r.prompts, limits.items));
  out.push(...snapshotLines(r.snapshots ?? []));
  if (r.cost) out.push(costLine(r.cost), '');
  const batched = batchSentence(r.cost);
  if (batched) out.push(`_${batched}_`, '');
  out.push(`_${rubricSummary(r.rubric)}_`);
  return out.join('\n') + '\n';
}

function scoreTable(prompts: PromptScore[]): string[] {
  const runs = [...new Set(prompts.flatMap((p) => p.runs.map((s) => s.run)))].sort((a, b) => a - b);
  const head = ['prompt', ...runs.map((n) => `run ${n}`), 'mean', 'SD', 'stability', 'vote-noise range'];
  const rows = prompts.map((p) => [
    `${cell(p.prompt)}${p.baseline && p.prompt !== 'baseline' ? ' (baseline)' : ''}`,
    ...runs.map((n) => {
      const s = p.runs.find((x) => x.run === n);
      return s ? runCell(s) : '–';
    }),
    `**${num(p.mean)}**`,
    num(p.sd),
    p.stability,
    `${num(p.noise.low)}–${num(p.noise.high)}`,
  ]);
  if (prompts.length === 0) return ['No prompts were scored.'];
  return [...table(head, rows), '', '_Run total = detection + bonus − penalty._'];
}

function runCell(s: RunScore): string {
  const parts = s.audited ? `${num(s.detection)} + ${num(s.bonus)} − ${num(s.penalty)}` : `${num(s.detection)}, not audited`;
  const notes = `${s.unscored.length ? `, ${s.unscored.length} unscored` : ''}${s.evidence.demoted ? `, ${s.evidence.demoted} demoted` : ''}`;
  return `${num(s.total)} (${parts}${notes})`;
}

function recommendation(r: Report): string[] {
  const rec = r.recommendation;
  const d = rec.difference === null ? '' : `, d = ${signed(rec.difference)}`;
  const conv = r.convergence;
  const history = conv.history.map((h) => `round ${h.round} ${signed(h.improvement)}`).join(' · ');
  const ab = abRecommendationText(r);
  return [
    `**Recommendation: ${inline(rec.prompt)}** — ${inline(rec.reason)} _(rule: ${rec.rule}${d})_`,
    '',
    ...(ab ? [`**A/B test:** ${inline(ab)}`, ''] : []),
    `**Convergence: ${conv.status}** — ${inline(conv.reason)}${history ? `<br>Improvement by round: ${history}` : ''}`,
  ];
}

function comparisons(r: Report): string[] {
  const list = r.comparisons;
  if (list.length === 0) return [];
  const rows = list.map((c: Comparison) => [
    `${cell(c.variant)} vs ${cell(c.baseline)}`,
    signed(c.difference),
    c.verdict === 'better' || c.verdict === 'worse' ? `**${verdictText(c)}**` : verdictText(c),
    cell(methodName(c.method)),
    cell(runsNeededText(c)),
    c.interval
      ? `${signed(c.interval.low)} to ${signed(c.interval.high)} (${c.interval.pairs} pairs, ${c.interval.resamples} resamples)`
      : cell(c.intervalNote ?? 'no interval'),
    `±${num(c.noise)}`,
    c.beyondNoise ? 'yes' : 'no',
  ]);
  const head = ['comparison', 'difference', 'A/B verdict', 'method', 'runs needed (0.5 / 1.0 pt)', '95% bootstrap interval', 'vote-noise band', 'beyond vote noise'];
  return ['### Comparisons', '', ...table(head, rows), '', `_${comparisonsLegend(r)}_`, ''];
}

function problems(r: Report, limit: number): string[] {
  if (r.problems.length === 0) return [];
  const cols = r.prompts.flatMap((p) => p.runs.map((s) => ({ prompt: p.prompt, run: s.run })));
  const head = ['problem', 'severity', ...cols.map((c) => cell(runLabel(c.prompt, c.run))), 'flips'];
  const rows = r.problems.slice(0, limit).map((p: ProblemRow) => [
    `${cell(p.id)} ${cell(p.title)}`,
    cell(p.severity ?? '–'),
    ...cols.map((c) => {
      const hit = p.cells.find((x) => x.prompt === c.prompt && x.run === c.run);
      return hit ? verdictMark(hit.verdict) : '–';
    }),
    p.flips.length ? cell(p.flips.join(', ')) : '',
  ]);
  return [
    '### Problems',
    '',
    ...table(head, rows),
    ...more(r.problems.length - limit, 'problems'),
    '',
    `_${VERDICTS.map((v) => `${v} ${VERDICT_NAMES[v].en}`).join(' · ')} · ? unscored (left out of the score, never counted as ×) · – not judged_`,
    '',
  ];
}

function unscored(r: Report, limit: number): string[] {
  const list = r.unscored;
  if (list.length === 0) return ['### Unscored units (0)', '', 'None: every unit has a verdict.', ''];
  const rows = list.slice(0, limit).map((u) => [cell(runLabel(u.prompt, u.run)), cell(u.unit), cell(u.reason)]);
  return [`### Unscored units (${list.length})`, '', ...table(['review', 'unit', 'reason'], rows), ...more(list.length - limit, 'unscored units'), ''];
}

function disagreements(r: Report, limit: number): string[] {
  const list = r.disagreements;
  if (list.length === 0) return [];
  const rows = list
    .slice(0, limit)
    .map((d) => [cell(runLabel(d.prompt, d.run)), cell(d.unit), verdictMark(d.verdict), pct(d.agreement), cell(d.split)]);
  return ['### Top disagreements', '', ...table(['review', 'unit', 'verdict', 'agreement', 'split'], rows), ...more((r.disagreementsTotal ?? list.length) - Math.min(limit, list.length), 'units with split votes'), ''];
}

function auditItems(prompts: PromptScore[], limit: number): string[] {
  const lines: string[] = [];
  for (const p of prompts) {
    for (const s of p.runs) {
      const label = inline(runLabel(p.prompt, s.run));
      if (!s.audited) lines.push(`- ${label}: not audited (bonus and penalty count as 0)`);
      for (const b of s.bonuses) lines.push(`- ${label} bonus ${inline(b.id ?? 'unlisted')} (${inline(clip(b.location, 60))}): ${inline(clip(b.reason, CELL_MAX))}`);
      for (const b of s.penalties) lines.push(`- ${label} penalty (${inline(clip(b.location, 60))}): ${inline(clip(b.reason, CELL_MAX))}`);
      for (const b of s.bonusesRestated) lines.push(`- ${label} bonus ${inline(b.id ?? 'unlisted')} (${inline(clip(b.location, 60))}) not counted: it restates ${inline(b.problem)}, whose ○/△ evidence quotes the same passage (one finding, one credit)`);
      if (s.bonusFound > s.bonusCount) lines.push(`- ${label}: ${s.bonusFound} bonuses found, ${s.bonusCount} counted (cap)`);
    }
  }
  if (lines.length === 0) return [];
  const shown = lines.slice(0, limit);
  return ['<details><summary>Bonuses and penalties</summary>', '', ...shown, ...more(lines.length - limit, 'items'), '', '</details>', ''];
}

function more(hidden: number, what: string): string[] {
  return hidden > 0 ? [``, `… ${hidden} more ${what} (see report.json)`] : [];
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Untrusted text as inline markdown: HTML-significant characters as entities (GitHub renders them as text), lines joined. */
function inline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?|\n/g, ' ');
}

/** Untrusted text inside a table cell: clipped, entities, `|` escaped, newlines as `<br>`. */
function cell(text: string): string {
  return clip(text, CELL_MAX).split(/\r\n?|\n/).map(inline).join('<br>').replace(/\|/g, '\\|');
}

/** A code span that holds any text: a fence longer than any backtick run inside it. */
function code(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The snapshots that answered, with a warning when one judge was served by more than one. */
function snapshotLines(snapshots: NonNullable<Report['snapshots']>): string[] {
  if (!snapshots.length) return [];
  const judges = [...new Set(snapshots.map((s) => s.judge))];
  const lines = judges.map((j) => {
    const of = snapshots.filter((s) => s.judge === j);
    const list = of.map((s) => `\`${s.servedModel}\` (${s.votes} votes)`).join(', ');
    return of.length > 1 ? `**Warning: judge drift** — ${cell(j)} answered with ${of.length} snapshots: ${list}. Votes of different snapshots are mixed in this run.` : `_Judge ${cell(j)} served by ${list}._`;
  });
  return [...lines, ''];
}

/** One line on what the run paid (fresh calls only), priced by the dated table. */
function costLine(c: NonNullable<Report['cost']>): string {
  const unpriced = c.unpricedRequests ?? 0;
  const local = c.local?.requests ? c.local : undefined;
  // Local judges have no per-call price: their time and tokens stand where a $0 would.
  if (local && local.requests >= c.requests) return `_Cost: ${formatLocal(local)}._`;
  const runs = unpriced >= c.requests && unpriced > 0 ? '' : c.byRun.map((r) => `${cell(r.prompt)} r${r.run} ${formatUsd(r.usd)}`).join(', ');
  return `_Cost: ${formatSpend(c.usd, c.requests, unpriced)} for ${c.requests} requests (${c.inputTokens} input tokens, ${c.cachedInputTokens} cached; ${c.outputTokens} output) at the prices of ${c.priceTableDate}${runs ? `; by run: ${runs}` : ''}${local ? `; of these requests, ${formatLocal(local)}` : ''}._`;
}
