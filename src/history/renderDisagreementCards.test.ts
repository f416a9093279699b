import { describe, expect, it } from 'vitest';
import { compareRaters, unitAddress, type LabeledUnit } from './agreement.ts';
import type { DisagreementContext } from './disagreementContext.ts';
import { GOLD_COLUMNS, parseGoldTsv } from './goldSet.ts';
import { renderDisagreementCards } from './renderDisagreementCards.ts';

const X = '<img src=x onerror=alert(1)>"\'&';
const u = (verdict: LabeledUnit['verdict'], detail: string): LabeledUnit => ({ series: 's', round: 1, prompt: 'p<b>', run: 1, unit: 'P01', verdict, severity: 'major', detail });
const report = compareRaters([u('○', X)], [u('×', `gold g.tsv:2: ${X} (history: × ${X}:3)`)]);
const context: DisagreementContext = { problem: { title: X, criteria: { detected: X, partial: X, undetected: X } }, quotes: [{ quote: X, verified: false }], reasons: [X], source: X, row: X, text: [X] };

describe('renderDisagreementCards', () => {
  it('escapes every untrusted text: grader text, reasoning, quotes, criteria, source, row, prompt name', () => {
    const html = renderDisagreementCards(report, new Map([[unitAddress(report.disagreements[0]!), context]]));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('p<b>');
    // title, 3 criteria, quote, reason, source, row, text, the gold detail
    expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)!.length).toBeGreaterThanOrEqual(10);
    expect(html).toContain('p&lt;b&gt;');
  });

  it('without a context: the details from the report, escaped', () => {
    const html = renderDisagreementCards(report, new Map());
    expect(html).not.toContain('<img');
    expect(html).toContain("(the key's criteria were not found for this unit)");
    expect(html).toContain('&lt;img');
  });

  it('the TSV line has the verdict ? and a neutral note, and parseGoldTsv refuses it unchanged', () => {
    const html = renderDisagreementCards(report, new Map());
    const tsv = /<pre class="tsv">([^<]*)<\/pre>/.exec(html)![1]!;
    expect(tsv).toBe('s\t001\tp&lt;b&gt;\t1\tP01\t?\tjudge ○, history ×');
    expect(tsv).not.toContain('judge right');
    expect(() => parseGoldTsv(`${GOLD_COLUMNS.join('\t')}\ns\t001\tp\t1\tP01\t?\tjudge ○, history ×\n`, 'g.tsv')).toThrow(/^not adjudicated yet: put ○, △ or ×$/);
  });
});
