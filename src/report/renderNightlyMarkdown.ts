import type { NightlySummary } from '../types/Nightly.ts';
import { formatSpendWithLocal } from './formatSpend.ts';
import { retriesSentence } from './htmlPartsFormat.ts';

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const signed = (x: number) => (x > 0 ? `+${num(x)}` : x < 0 ? `−${num(-x)}` : '±0');
const cell = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r\n?|\n/g, ' ');

/** nightly.md: one line per round (status, means and their change against the previous night, demoted, unscored, spend) and why the exit is what it is. */
export function renderNightlyMarkdown(s: NightlySummary): string {
  const out = [`## Nightly scoring · ${s.createdAt} · exit ${s.exitCode} (${s.exitReason})`, ''];
  out.push('| round | status | means (change vs previous night) | recommended | demoted | unscored | spend |', '|---|---|---|---|---|---|---|');
  for (const r of s.rounds) {
    const means = r.prompts.map((p) => `${cell(p.prompt)} ${num(p.mean)}${p.change === null ? '' : ` (${signed(p.change)})`}`).join('<br>') || '–';
    const demoted = r.evidence ? `${r.evidence.demoted} of ${r.evidence.votes}` : '–';
    const spend = r.costUsd === null ? '–' : formatSpendWithLocal(r.costUsd, r.requests, r.unpricedRequests, r.local);
    out.push(`| ${cell(r.title)} | ${r.status}${r.unchanged ? ' (unchanged)' : ''} | ${means} | ${r.recommendation ? cell(r.recommendation) + (r.complete ? '' : ' (on what every run scored)') : '–'} | ${demoted} | ${r.unscored} | ${spend} |`);
  }
  const t = s.totals;
  out.push('', `_${t.rounds} rounds: ${Object.entries(t.byStatus).map(([k, v]) => `${v} ${k}`).join(', ')}; ${t.unchanged} unchanged; ${t.evidence.demoted} of ${t.evidence.votes} ○/△ votes demoted; ${t.local ? `spend: ${formatSpendWithLocal(t.costUsd, t.requests, t.unpricedRequests, t.local)}` : `${formatSpendWithLocal(t.costUsd, t.requests, t.unpricedRequests, undefined)} spent in ${t.requests} requests`}._`, '');
  const batched = (r: (typeof s.rounds)[number]) => (r.batch ? [`batch-billed: ${r.batch.votes} votes from ${r.batch.requests} provider batch entries ($${r.batch.costUsd.toFixed(4)} of the spend)`] : []);
  const reasons = s.rounds.flatMap((r) => [...r.reasons, ...(retriesSentence(r.retries ?? undefined) ? [retriesSentence(r.retries ?? undefined)!] : []), ...batched(r)].map((x) => `- ${cell(r.title)}: ${cell(x)}`));
  if (reasons.length) out.push('### Why', '', ...reasons.slice(0, 100), ...(reasons.length > 100 ? [`- … ${reasons.length - 100} more (see nightly.json)`] : []), '');
  return out.join('\n');
}
