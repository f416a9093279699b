import { escapeHtml } from './escapeHtml.ts';

/**
 * The report page's Content-Security-Policy: nothing may load (no script, font, frame, fetch, external
 * image or stylesheet); only the inline stylesheet and data: images (the empty favicon) are allowed.
 * `base-uri` and `form-action` do not fall back to `default-src`, so they are closed explicitly.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The inline stylesheet: system fonts only, verdict colours that also differ in pattern for unscored cells. */
export const REPORT_CSS = `
:root { color-scheme: light; --ok: #cde9d3; --part: #f7e2a1; --miss: #f3c4bf; --none: #eceff1; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 8px 0 2px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .note, small { color: var(--muted); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.callout { border-left: 4px solid #0969da; background: #f1f8ff; padding: 8px 12px; margin: 8px 0; }
.callout.converged { border-color: #1a7f37; background: #eef9f1; }
.ab-better { color: #1a7f37; font-weight: 600; }
.ab-worse { color: #cf222e; font-weight: 600; }
.ab-indistinguishable, .ab-none { color: var(--muted); }
#chart { display: block; max-width: 100%; height: auto; }
#chart .bar { fill: #6e9fd8; }
#chart .bar.baseline { fill: #9aa4ae; }
#chart .whisker { stroke: #1f2328; stroke-width: 1.5; }
#chart .run { fill: #fff; stroke: #1f2328; stroke-width: 1; }
#chart .axis { stroke: #8c959f; stroke-width: 1; }
#chart .grid { stroke: #eaeef2; stroke-width: 1; }
#chart text { font: 12px system-ui, sans-serif; fill: #1f2328; }
#chart text.tick { fill: var(--muted); font-size: 11px; }
#heatmap td.cell { text-align: center; min-width: 44px; font-size: 16px; padding: 2px 6px; }
#heatmap td.cell a { color: inherit; text-decoration: none; display: block; }
#heatmap td.cell.split { outline: 2px dashed #9a6700; outline-offset: -3px; }
#heatmap td.cell small.split-votes { display: block; font-size: 10px; line-height: 1.1; }
table.criteria th { white-space: nowrap; vertical-align: top; }
.verdict-o { background: var(--ok); }
.verdict-t { background: var(--part); }
.verdict-x { background: var(--miss); }
.verdict-unscored { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #d8dee4 4px, #d8dee4 8px); font-weight: 700; outline: 2px dashed #8250df; outline-offset: -3px; }
.verdict-none { background: var(--none); color: var(--muted); }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; border: 1px solid var(--line); }
details.unit, details.audit { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; padding: 2px 10px; }
details.unit[open], details.audit[open] { padding-bottom: 8px; }
details > summary { cursor: pointer; padding: 4px 0; }
.mark { display: inline-block; width: 22px; text-align: center; border-radius: 4px; }
.reasoning, .quote, .reason { white-space: pre-wrap; overflow-wrap: anywhere; }
.evidence { list-style: none; padding-left: 0; margin: 6px 0; }
blockquote.quote { margin: 4px 0; padding: 4px 10px; border-left: 4px solid #1a7f37; background: #f6f8fa; }
blockquote.quote.unverified { border-left-color: #cf222e; }
tr.unverified td { background: #fff5f5; }
.flag-ok { color: #1a7f37; }
.flag-bad { color: #cf222e; font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
`;

/** The head of every page: the strict CSP, no referrer, no icon request, the escaped title and the inline style. */
export function htmlHead(title: string, css: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>`;
}
