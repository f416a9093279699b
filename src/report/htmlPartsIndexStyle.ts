/**
 * The dashboard's stylesheet, added after REPORT_CSS: trend colours (Okabe–Ito, told apart with
 * colour-vision deficiencies; dashed from the ninth prompt on), status badges, snapshot flags.
 */
export const INDEX_CSS = `
svg.trend { display: block; max-width: 100%; height: auto; margin: 4px 0; }
svg.trend .grid { stroke: #eaeef2; stroke-width: 1; }
svg.trend .axis { stroke: #8c959f; stroke-width: 1; }
svg.trend text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.trend .line { fill: none; stroke-width: 2; }
svg.trend .point { stroke: #fff; stroke-width: 1; }
svg.trend .snapshot-change { stroke: #8250df; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.trend .dash .line { stroke-dasharray: 6 3; }
.c0 .line { stroke: #0072b2; } .c0 .point, .swatch.c0 { fill: #0072b2; background: #0072b2; }
.c1 .line { stroke: #e69f00; } .c1 .point, .swatch.c1 { fill: #e69f00; background: #e69f00; }
.c2 .line { stroke: #009e73; } .c2 .point, .swatch.c2 { fill: #009e73; background: #009e73; }
.c3 .line { stroke: #cc79a7; } .c3 .point, .swatch.c3 { fill: #cc79a7; background: #cc79a7; }
.c4 .line { stroke: #d55e00; } .c4 .point, .swatch.c4 { fill: #d55e00; background: #d55e00; }
.c5 .line { stroke: #56b4e9; } .c5 .point, .swatch.c5 { fill: #56b4e9; background: #56b4e9; }
.c6 .line { stroke: #1f2328; } .c6 .point, .swatch.c6 { fill: #1f2328; background: #1f2328; }
.c7 .line { stroke: #8c6d1f; } .c7 .point, .swatch.c7 { fill: #8c6d1f; background: #8c6d1f; }
.swatch { display: inline-block; width: 14px; height: 4px; vertical-align: middle; margin-right: 6px; }
.swatch.dash { background-image: repeating-linear-gradient(90deg, transparent 0 6px, #fff 6px 9px); }
.status { display: inline-block; padding: 0 6px; border-radius: 4px; font-weight: 600; white-space: nowrap; }
.status-ok { background: var(--ok); }
.status-unscored { background: var(--part); }
.status-suspect-evidence { background: var(--miss); }
.snapshot-flag { color: #8250df; font-weight: 600; }
.folder { overflow-wrap: anywhere; }
td.when { white-space: nowrap; }
section.group { margin-top: 24px; }
nav.groups ul { columns: 2; }
`;
