import type { Night } from '../types/RunsOverview.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { scale } from './htmlPartsChart.ts';
import { num } from './htmlPartsFormat.ts';

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 48;
const RIGHT = 44;
const TOP = 12;
const BOTTOM = 40;
/** Colour classes `c0`…`c7` (see INDEX_CSS); the ninth prompt on takes them again, dashed. */
export const TREND_COLOURS = 8;
/** At most this many night labels under the x axis; the others stay in the points' tooltips. */
const MAX_LABELS = 8;

/** The class of a prompt's line and legend swatch, by its position in the round's prompt list. */
export function trendClass(index: number): string {
  return `c${index % TREND_COLOURS}${index >= TREND_COLOURS ? ' dash' : ''}`;
}

/** A night's time as shown: `2026-11-25 12:00` from an ISO stamp, anything else as it is. Plain text. */
export function nightTime(createdAt: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(createdAt);
  return m ? `${m[1]} ${m[2]}` : createdAt;
}

/**
 * Inline SVG `svg.trend`: the mean per night of each prompt of one series × round, nights evenly
 * spaced oldest to newest. One `g.trend-prompt` per prompt with one `path.line` (a night without
 * the prompt breaks the line) and a `circle` per night with its numbers as tooltip; a dashed
 * vertical `line.snapshot-change` where the judge's snapshot changed. No script: tooltips are `<title>`.
 */
export function renderTrend(nights: readonly Night[], prompts: readonly string[], changed: readonly string[][]): string {
  const values = nights.flatMap((n) => n.prompts.map((p) => p.mean));
  if (values.length === 0) return '<p class="empty">No prompt means to chart.</p>';
  const { lo, hi, step } = scale(Math.min(...values), Math.max(...values));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (i: number) => round(nights.length === 1 ? LEFT + plotW / 2 : LEFT + (i / (nights.length - 1)) * plotW);
  const y = (v: number) => round(TOP + plotH - ((v - lo) / (hi - lo)) * plotH);
  const parts: string[] = [];
  for (let t = lo; t <= hi + 1e-9; t += step) {
    parts.push(`<line class="grid" x1="${LEFT}" y1="${y(t)}" x2="${WIDTH - RIGHT}" y2="${y(t)}"/>`);
    parts.push(`<text class="tick" x="${LEFT - 6}" y="${y(t) + 4}" text-anchor="end">${num(t)}</text>`);
  }
  const every = Math.ceil(nights.length / MAX_LABELS);
  nights.forEach((n, i) => {
    if (i % every !== 0 && i !== nights.length - 1) return;
    parts.push(`<text class="tick" x="${x(i)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${h(nightTime(n.createdAt).slice(5))}</text>`);
  });
  nights.forEach((n, i) => {
    const c = changed[i] ?? [];
    if (c.length === 0) return;
    parts.push(`<line class="snapshot-change" x1="${x(i)}" y1="${TOP}" x2="${x(i)}" y2="${TOP + plotH}"><title>${h(`judge snapshot changed: ${c.join('; ')}`)}</title></line>`);
  });
  parts.push(`<line class="axis" x1="${LEFT}" y1="${TOP + plotH}" x2="${WIDTH - RIGHT}" y2="${TOP + plotH}"/>`);
  prompts.forEach((prompt, k) => {
    const points = nights.map((n, i) => {
      const p = n.prompts.find((q) => q.prompt === prompt);
      return p ? { i, p, n } : null;
    });
    let d = '';
    points.forEach((pt, j) => {
      if (pt) d += `${j > 0 && points[j - 1] ? 'L' : 'M'}${x(pt.i)} ${y(pt.p.mean)}`;
    });
    parts.push(`<g class="trend-prompt ${trendClass(k)}" data-prompt="${h(prompt)}">`);
    parts.push(`<title>${h(prompt)}</title>`);
    parts.push(`<path class="line" d="${d}"/>`);
    for (const pt of points) {
      if (!pt) continue;
      const tip = `${prompt} · ${nightTime(pt.n.createdAt)} · mean ${num(pt.p.mean)} ± ${num(pt.p.sd)} (${pt.p.runs} runs)${pt.p.unscored ? ` · ${pt.p.unscored} unscored` : ''}`;
      parts.push(`<circle class="point" cx="${x(pt.i)}" cy="${y(pt.p.mean)}" r="3.5"><title>${h(tip)}</title></circle>`);
    }
    parts.push('</g>');
  });
  return [
    `<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">`,
    '<title>Mean total per prompt and night, oldest to newest</title>',
    ...parts,
    '</svg>',
  ].join('\n');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
