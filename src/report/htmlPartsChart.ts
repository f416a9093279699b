import { escapeHtml as h } from './escapeHtml.ts';
import { clip, num } from './htmlPartsFormat.ts';
import type { PromptScore } from '../types/Report.ts';

const WIDTH = 720;
const LABEL_W = 200;
const VALUE_W = 110;
const ROW_H = 30;
const TOP = 8;
const AXIS_H = 24;

/** Inline SVG `#chart`: one `rect.bar` per prompt at its mean, an SD whisker, a dot per run total, labelled. */
export function renderChart(prompts: PromptScore[]): string {
  if (prompts.length === 0) return '<p class="empty">No prompts were scored.</p>';
  const values = prompts.flatMap((p) => [0, p.mean - p.sd, p.mean + p.sd, ...p.runs.map((r) => r.total)]);
  const { lo, hi, step } = scale(Math.min(...values), Math.max(...values));
  const plotX = LABEL_W;
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const x = (v: number) => round(plotX + ((v - lo) / (hi - lo)) * plotW);
  const height = TOP + prompts.length * ROW_H + AXIS_H;
  const axisY = TOP + prompts.length * ROW_H;
  const parts: string[] = [];
  for (let t = lo; t <= hi + 1e-9; t += step) {
    const tx = x(t);
    parts.push(`<line class="grid" x1="${tx}" y1="${TOP}" x2="${tx}" y2="${axisY}"/>`);
    parts.push(`<text class="tick" x="${tx}" y="${axisY + 16}" text-anchor="middle">${num(t)}</text>`);
  }
  parts.push(`<line class="axis" x1="${x(0)}" y1="${TOP}" x2="${x(0)}" y2="${axisY}"/>`);
  prompts.forEach((p, i) => {
    const y = TOP + i * ROW_H;
    const mid = y + ROW_H / 2;
    const x0 = x(Math.min(0, p.mean));
    const x1 = x(Math.max(0, p.mean));
    const runs = p.runs.map((r) => num(r.total)).join(', ');
    const tip = `${p.prompt}${p.baseline ? ' (baseline)' : ''}: mean ${num(p.mean)}, SD ${num(p.sd)}, runs ${runs}`;
    parts.push(`<g class="prompt" data-prompt="${h(p.prompt)}">`);
    parts.push(`<title>${h(tip)}</title>`);
    parts.push(`<text class="label" x="${plotX - 8}" y="${mid + 4}" text-anchor="end">${h(clip(p.prompt, 28))}</text>`);
    parts.push(`<rect class="bar${p.baseline ? ' baseline' : ''}" x="${x0}" y="${y + 7}" width="${round(Math.max(x1 - x0, 1))}" height="${ROW_H - 14}"/>`);
    if (p.sd > 0) {
      const [a, b] = [x(p.mean - p.sd), x(p.mean + p.sd)];
      parts.push(`<path class="whisker" d="M${a} ${mid}H${b}M${a} ${mid - 6}V${mid + 6}M${b} ${mid - 6}V${mid + 6}"/>`);
    }
    for (const r of p.runs) parts.push(`<circle class="run" cx="${x(r.total)}" cy="${mid}" r="3"/>`);
    parts.push(`<text class="value" x="${plotX + plotW + 8}" y="${mid + 4}">${num(p.mean)} ± ${num(p.sd)}</text>`);
    parts.push('</g>');
  });
  return [
    `<svg id="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-title">`,
    '<title id="chart-title">Mean score per prompt; whiskers show ± SD, dots show each run</title>',
    ...parts,
    '</svg>',
  ].join('\n');
}

/** Axis bounds on whole steps that hold every value, with at most ~8 ticks. */
export function scale(min: number, max: number): { lo: number; hi: number; step: number } {
  const span = Math.max(max - min, 1);
  const step = [0.5, 1, 2, 5, 10, 20, 50, 100].find((s) => span / s <= 8) ?? Math.ceil(span / 8);
  const lo = Math.floor(min / step) * step;
  let hi = Math.ceil(max / step) * step;
  if (hi <= lo) hi = lo + step;
  return { lo, hi, step };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
