import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../test/fixtures/report/golden.ts';
import { sampleReport } from '../../test/fixtures/report/sampleReport.ts';
import { Report } from '../types/Report.ts';
import { MARKDOWN_BUDGET, renderMarkdown } from './renderMarkdown.ts';

// Golden file: test/fixtures/report/golden/report.md. Rewrite it with UPDATE_GOLDEN=1 npx vitest run src/report
const unescapedPipes = (line: string) => line.replace(/\\\|/g, '').split('|').length - 1;

function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] | null = null;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      out.push(current);
      current = null;
    }
  }
  return out;
}

describe('renderMarkdown', () => {
  it('matches the golden report.md', () => {
    expectGolden('report.md', renderMarkdown(sampleReport()));
  });

  it('is deterministic and starts with the title, round and run id', () => {
    const md = renderMarkdown(sampleReport());
    expect(renderMarkdown(sampleReport())).toBe(md);
    expect(md.split('\n')[0]).toBe('## Review scores: reliability-design round 003 · round 3 · run `20260211T093000Z-ab12cd`');
  });

  it('keeps every table row as wide as its header (pipes escaped, no raw newlines)', () => {
    const found = tables(renderMarkdown(sampleReport()));
    expect(found.length).toBe(5);
    for (const t of found) for (const row of t) expect(unescapedPipes(row)).toBe(unescapedPipes(t[0]!));
    expect(renderMarkdown(sampleReport())).toContain('P02 Webhook \\| idempotency');
  });

  it('writes hostile text as entities so GitHub shows it as text', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).not.toMatch(/<(script|img|\/style)/i);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('turns newlines inside a cell into <br> and elsewhere into spaces', () => {
    const r = sampleReport();
    r.unscored[0]!.reason = 'line one\nline | two\r\nthree';
    r.recommendation.reason = 'first\nsecond';
    const md = renderMarkdown(r);
    expect(md).toContain('| line one<br>line \\| two<br>three |');
    expect(md).toContain('— first second _(rule');
  });

  it('shows the score parts, the comparison verdict and the interval or its note', () => {
    const r = sampleReport();
    expect(renderMarkdown(r)).toContain('| variant-checklist | 3.5 (2.5 + 1 − 0) | 1.5 (1.5, not audited, 1 unscored) | **2.5** | 1 | medium | 2.5–2.75 |');
    expect(renderMarkdown(r)).toContain('| +0.75 | not distinguishable (p = 0.09) | stratified permutation test | 11 / 4 | 2 paired runs: too few for a bootstrap interval (needs 5) | ±0.38 | yes |');
    r.comparisons[0] = { ...r.comparisons[0]!, interval: { low: -0.25, high: 1.5, pairs: 6, resamples: 2000 }, intervalNote: null, beyondNoise: false };
    expect(renderMarkdown(r)).toContain('| 11 / 4 | -0.25 to +1.5 (6 pairs, 2000 resamples) | ±0.38 | no |');
  });

  it('always has an unscored section, saying so when there are none', () => {
    expect(renderMarkdown(sampleReport())).toContain('### Unscored units (2)');
    const r = { ...sampleReport(), unscored: [] };
    expect(renderMarkdown(r)).toContain('### Unscored units (0)\n\nNone: every unit has a verdict.');
  });

  it('says "no round" and fences a run id holding backticks', () => {
    const r = { ...sampleReport(), round: null, runId: 'a`b' };
    expect(renderMarkdown(r).split('\n')[0]).toBe('## Review scores: reliability-design round 003 · no round · run ``a`b``');
  });

  it('cuts long lists with a "… N more" line', () => {
    const r = sampleReport();
    const row = r.problems[0]!;
    r.problems = Array.from({ length: 75 }, (_, i) => ({ ...row, id: `P${i + 1}` }));
    r.disagreements = Array.from({ length: 14 }, () => r.disagreements[0]!);
    const md = renderMarkdown(r);
    expect(md).toContain('… 15 more problems (see report.json)');
    expect(md).toContain('… 4 more units with split votes (see report.json)');
    expect(md).toContain('| P60 No retry');
    expect(md).not.toContain('| P61 No retry');
  });

  it('stays under the GitHub comment limit for a huge round', () => {
    const r = sampleReport();
    const long = 'x'.repeat(5000);
    const prompts = Array.from({ length: 12 }, (_, i) => ({ ...r.prompts[1]!, prompt: `variant-${i}-${'n'.repeat(40)}`, baseline: false }));
    const huge = Report.parse({
      ...r,
      prompts: [r.prompts[0]!, ...prompts],
      problems: Array.from({ length: 400 }, (_, i) => ({ ...r.problems[1]!, id: `P${i}`, title: long, flips: [long] })),
      unscored: Array.from({ length: 3000 }, (_, i) => ({ prompt: 'baseline', run: 1, unit: `P${i}`, reason: long })),
      disagreements: Array.from({ length: 500 }, () => ({ ...r.disagreements[0]!, split: long })),
    });
    const md = renderMarkdown(huge);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_BUDGET);
    expect(md).toContain('### Unscored units (3000)');
    expect(md).toMatch(/… \d+ more unscored units/);
  });

  it('cuts the text itself, on a line boundary, when even the shortest lists do not fit', () => {
    const r = sampleReport();
    r.prompts = Array.from({ length: 600 }, (_, i) => ({ ...r.prompts[1]!, prompt: `variant-${i}-${'n'.repeat(40)}`, baseline: false }));
    const md = renderMarkdown(r);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_BUDGET);
    expect(md).toMatch(/ \|\n\n… truncated to fit a comment: see report.json\n$/);
  });
});
