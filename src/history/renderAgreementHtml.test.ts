import { describe, expect, it } from 'vitest';
import { compareRaters, type LabeledUnit } from './agreement.ts';
import { renderAgreementHtml } from './renderAgreementHtml.ts';

const u = (unit: string, verdict: LabeledUnit['verdict'], detail: string): LabeledUnit => ({ series: 's', round: 1, prompt: 'p', run: 1, unit, verdict, severity: 'major', detail });

describe('renderAgreementHtml', () => {
  it('is self-contained, shows κ and the matrix, and escapes untrusted details', () => {
    const r = compareRaters([u('P01', '○', '<script>alert(1)</script>'), u('P02', '×', 'ok')], [u('P01', '×', 'history.md:3'), u('P02', '×', 'history.md:4')]);
    const html = renderAgreementHtml('Calibration', 'A', 'B', r);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script>|src="http|href="http/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('id="confusion"');
    expect(html).toContain('<th>overall</th><td>2</td><td>50.0%</td>');
  });
});
