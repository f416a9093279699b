/**
 * The audit output budgets the corpus reviews get: finding candidates per review (headings H2–H6 and
 * table body rows outside code fences), and the budget of each review's audit for the default judges
 * and gpt-4.1-mini, from the bundled catalogue. Prints markdown for BENCHMARKS.md; no network, no fakes.
 *
 *   node --import tsx bench/auditBudgets.ts [corpus-dir]     (default ../shared/corpus)
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalogue } from '../src/catalogue/loadCatalogue.ts';
import { findModel } from '../src/catalogue/resolveModel.ts';
import { AUDIT_TOKENS_PER_FINDING, auditOutputTokens, findingCandidates } from '../src/judge/auditBudget.ts';
import { largerOutputTokens } from '../src/judge/planVotes.ts';
import type { OutputTokens } from '../src/types/Provider.ts';

const corpus = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../shared/corpus'));
const rounds = path.join(corpus, 'rounds');
const files = readdirSync(rounds).flatMap((series) => {
  const dir = path.join(rounds, series, 'results');
  return readdirSync(dir).filter((f) => /^v\d{3}-.+-run\d+\.md$/.test(f)).map((f) => path.join(dir, f));
});

const HEADING = /^ {0,3}#{2,6}\s/;
const rows = files.map((file) => {
  const text = readFileSync(file, 'utf8');
  let fence = false;
  let headings = 0;
  for (const line of text.split(/\r?\n/)) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) fence = !fence;
    else if (!fence && HEADING.test(line)) headings++;
  }
  return { file: path.relative(corpus, file), headings, candidates: findingCandidates(text) };
});

const limitsOf = (provider: 'openai' | 'anthropic', id: string): OutputTokens => {
  const e = findModel(bundledCatalogue(), provider, id)!;
  return { budget: e.outputBudget, max: Math.max(e.outputBudget, e.maxOutputTokens ?? e.outputBudget) };
};
const judges: Array<[string, OutputTokens]> = [
  ['openai:gpt-6-luna', limitsOf('openai', 'gpt-6-luna')],
  ['anthropic:claude-sonnet-5-5', limitsOf('anthropic', 'claude-sonnet-5-5')],
  ['openai:gpt-4.1-mini', limitsOf('openai', 'gpt-4.1-mini')],
  ['openai-compatible (no documented maximum)', { budget: 4096, max: 4096 }],
];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const median = (xs: number[]) => pct(xs, 0.5);
const stats = (xs: number[]) => `median ${median(xs)}, p90 ${pct(xs, 0.9)}, max ${Math.max(...xs)}`;
const longest = rows.reduce((a, b) => (b.candidates > a.candidates ? b : a));
const mostHeadings = rows.reduce((a, b) => (b.headings > a.headings ? b : a));
const h = rows.map((r) => r.headings);
const c = rows.map((r) => r.candidates);

const out: string[] = [];
out.push(`- ${rows.length} reviews (\`${path.relative(process.cwd(), rounds)}/*/results/vNNN-*-runN.md\`).`);
out.push(`- Headings H2–H6 outside code fences: ${stats(h)}; ${h.filter((x) => x >= 40).length} reviews have 40 or more (most: ${mostHeadings.headings}, \`${mostHeadings.file}\`).`);
out.push(`- Finding candidates (those headings + table body rows): ${stats(c)}; ${c.filter((x) => x >= 40).length} reviews have 40 or more; the most: ${longest.candidates} (\`${longest.file}\`, ${longest.headings} headings).`);
out.push(`- At ${AUDIT_TOKENS_PER_FINDING} tokens per candidate, ${c.filter((x) => x * AUDIT_TOKENS_PER_FINDING > 4096).length} reviews would not fit the old flat 4,096 (26 or more candidates).`);
out.push('', '| judge | default / documented max | audit budget: median | p90 | longest review | its retry | reviews capped at the max |', '|---|---|---|---|---|---|---|');
for (const [name, limits] of judges) {
  const budgets = c.map((n) => auditOutputTokens(n, limits));
  const top = auditOutputTokens(longest.candidates, limits);
  const retry = largerOutputTokens(top, limits);
  const capped = c.filter((n) => limits.budget + AUDIT_TOKENS_PER_FINDING * n > limits.max).length;
  out.push(`| ${name} | ${limits.budget} / ${limits.max} | ${median(budgets)} | ${pct(budgets, 0.9)} | ${top} | ${retry ?? 'none (at the max)'} | ${capped} |`);
}
process.stdout.write(out.join('\n') + '\n');
