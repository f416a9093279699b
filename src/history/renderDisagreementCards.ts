import { unitAddress, type AgreementReport } from './agreement.ts';
import type { DisagreementContext } from './disagreementContext.ts';
import { goldLine, NOT_ADJUDICATED } from './goldSet.ts';
import { escapeHtml } from '../report/escapeHtml.ts';

/**
 * calibration.html's disagreements, one card each, for preparing a gold set: the judge's quotes,
 * the key's three criteria, the historical grader's row and text, the judge's reasoning side by side
 * with it, and the TSV line to copy. The line's verdict is `?`, which the gold parser refuses: a
 * person must put their own ○, △ or × there, so copying every line unchanged adjudicates nothing.
 */
export function renderDisagreementCards(r: AgreementReport, contexts: ReadonlyMap<string, DisagreementContext>): string {
  const e = escapeHtml;
  return r.disagreements
    .map((d) => {
      const c = contexts.get(unitAddress(d));
      const criteria = c?.problem
        ? `<p><b>${e(d.unit)} ${e(c.problem.title)}</b></p><table class="criteria"><tr><th>○ detected</th><td>${e(c.problem.criteria.detected)}</td></tr><tr><th>△ partial</th><td>${e(c.problem.criteria.partial)}</td></tr><tr><th>× undetected</th><td>${e(c.problem.criteria.undetected)}</td></tr></table>`
        : '<p>(the key\'s criteria were not found for this unit)</p>';
      const quotes = c?.quotes.length
        ? c.quotes.map((q) => `<blockquote class="quote">${e(q.quote)}</blockquote><p class="muted">${q.verified ? 'found in the review' : 'not found in the review (the evidence check demoted it)'}</p>`).join('')
        : '<p class="muted">the judge quoted nothing (a × needs no quote)</p>';
      const judge = `<h4>judge: ${d.a}</h4>${(c?.reasons.length ? c.reasons : [d.aDetail]).map((x) => `<p class="reasoning">${e(x)}</p>`).join('')}<h4>passages the judge quoted</h4>${quotes}`;
      const history = `<h4>history: ${d.b}</h4><p class="muted">${e(c?.source ?? d.bDetail)}</p>${c?.row ? `<pre class="quote">${e(c.row)}</pre>` : ''}${c?.text.length ? `<p>the grader's text naming ${e(d.unit)}:</p>${c.text.map((t) => `<p class="reasoning">${e(t)}</p>`).join('')}` : ''}${d.bDetail.startsWith('gold ') ? `<p>${e(d.bDetail)}</p>` : ''}`;
      const tsv = goldLine(d, NOT_ADJUDICATED, `judge ${d.a}, history ${d.b}`);
      return `<details class="unit"><summary>${e(`${d.series} r${d.round} ${d.prompt} run${d.run} ${d.unit}`)}: judge ${d.a} / history ${d.b}</summary>${criteria}<table class="side"><tr><td>${judge}</td><td>${history}</td></tr></table><p>gold TSV line: replace the <code>?</code> with your verdict (○, △ or ×) before copying it into a gold file; a <code>?</code> is refused:</p><pre class="tsv">${e(tsv)}</pre></details>`;
    })
    .join('\n');
}
