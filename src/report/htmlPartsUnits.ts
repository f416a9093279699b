import type { AuditItem, AuditVerdict, EvidenceRecord, UnitVerdict, Verdicts } from '../types/Verdicts.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { evidenceCount } from '../score/evidenceCount.ts';
import { num, pct, verdictKey, verdictMark, voteSplit } from './htmlPartsFormat.ts';
import type { Report } from '../types/Report.ts';
import { AUDIT_UNIT_ID } from '../types/Unit.ts';

/** Looks up a unit's or audit's verdict and the id of its drill-down element. */
export interface UnitIndex {
  get(prompt: string, run: number, unit: string): { anchor: string; unit: UnitVerdict } | undefined;
  audit(prompt: string, run: number): { anchor: string; audit: AuditVerdict } | undefined;
}

const key = (prompt: string, run: number, unit: string) => JSON.stringify([prompt, run, unit]);

/** Indexes verdicts.json by (prompt, run, unit); anchors are `unit-<n>` / `audit-<n>` by position, so untrusted names never reach an id. */
export function indexUnits(verdicts: Verdicts): UnitIndex {
  const units = new Map(verdicts.units.map((u, i) => [key(u.review.prompt, u.review.run, u.unit), { anchor: `unit-${i}`, unit: u }]));
  const audits = new Map((verdicts.audits ?? []).map((a, i) => [key(a.review.prompt, a.review.run, AUDIT_UNIT_ID), { anchor: `audit-${i}`, audit: a }]));
  return {
    get: (prompt, run, unit) => units.get(key(prompt, run, unit)),
    audit: (prompt, run) => audits.get(key(prompt, run, AUDIT_UNIT_ID)),
  };
}

/** Drill-down per review: a `details.unit` per detection unit (votes, reasoning, evidence) and a `details.audit` (bonuses, penalties, findings). */
export function renderUnits(report: Report, verdicts: Verdicts, index: UnitIndex): string {
  const titles = new Map(report.problems.map((p) => [p.id, p.title]));
  const criteria = new Map(report.problems.map((p) => [p.id, p.criteria]));
  const reviews = new Map<string, { prompt: string; run: number; path: string }>();
  for (const r of [...verdicts.units, ...(verdicts.audits ?? [])].map((u) => u.review)) {
    reviews.set(JSON.stringify([r.prompt, r.run]), { prompt: r.prompt, run: r.run, path: r.path });
  }
  if (reviews.size === 0) return '<p class="empty">verdicts.json holds no units.</p>';
  const out: string[] = [];
  for (const r of reviews.values()) {
    out.push(`<section class="review" data-prompt="${h(r.prompt)}" data-run="${r.run}">`);
    out.push(`<h3>${h(r.prompt)} · run ${r.run} <small>${h(r.path)}</small></h3>`);
    verdicts.units.forEach((u, i) => {
      if (u.review.prompt === r.prompt && u.review.run === r.run) out.push(renderUnit(u, `unit-${i}`, titles.get(u.unit), criteria.get(u.unit)));
    });
    const audit = index.audit(r.prompt, r.run);
    const score = report.prompts.find((p) => p.prompt === r.prompt)?.runs.find((s) => s.run === r.run);
    const restated = score?.bonusesRestated.length ? ` · ${score.bonusesRestated.map((b) => `${b.id ?? 'unlisted bonus'} not counted (restates ${b.problem})`).join(', ')}` : '';
    if (audit) out.push(renderAudit(audit.audit, audit.anchor, score ? `bonus +${num(score.bonus)} · penalty −${num(score.penalty)}${restated}` : null));
    else out.push('<p class="empty">No bonus/penalty audit for this review.</p>');
    out.push('</section>');
  }
  return out.join('\n');
}

/** The key's three criteria, beside the votes, so a reader checks each verdict against what the key asks. */
function renderCriteria(c: Report['problems'][number]['criteria']): string {
  if (!c) return '';
  const row = (mark: string, text: string) => `<tr><th scope="row">${mark}</th><td class="reason">${h(text)}</td></tr>`;
  return `<table class="criteria"><caption>Answer key criteria</caption><tbody>${row('○', c.detected)}${row('△', c.partial)}${row('×', c.undetected)}</tbody></table>`;
}

function renderUnit(u: UnitVerdict, anchor: string, title: string | undefined, criteria: Report['problems'][number]['criteria']): string {
  const v = verdictKey(u.verdict);
  const facts = [`agreement ${pct(u.agreement)}`, voteSplit(u.votes)];
  const { demoted } = evidenceCount([u]);
  if (demoted) facts.push(`${demoted} ○/△ vote${demoted === 1 ? '' : 's'} demoted to × (quote not found)`);
  else if (u.unverified) facts.push(`${u.unverified} unverified`);
  const summary =
    `<span class="mark verdict-${v}">${h(verdictMark(u.verdict))}</span> <code>${h(u.unit)}</code>` +
    `${title ? ` ${h(title)}` : ''} <small>· ${h(facts.join(' · '))}</small>`;
  const votes = u.votes.map(
    (vote) =>
      `<tr class="vote${vote.verdict !== 'unscored' && !vote.verified ? ' unverified' : ''}" data-vote="${vote.voteIndex}">` +
      `<td>${h(vote.judge)}</td><td class="num">${vote.voteIndex}</td>` +
      `<td><span class="mark verdict-${verdictKey(vote.verdict)}">${h(verdictMark(vote.verdict))}</span></td>` +
      `<td>${vote.modelVerdict === null ? '–' : h(vote.modelVerdict)}</td><td>${flag(vote.verified, 'verified', 'no quote found')}</td>` +
      `<td class="reasoning">${h(vote.reason)}</td><td class="vote-quotes">${voteQuotes(vote.evidence ?? [])}</td></tr>`,
  );
  return [
    `<details class="unit" id="${anchor}" data-prompt="${h(u.review.prompt)}" data-run="${u.review.run}" data-unit="${h(u.unit)}" data-verdict="${v}">`,
    `<summary>${summary}</summary>`,
    u.reason ? `<p class="reason"><strong>Unscored:</strong> ${h(u.reason)}</p>` : '',
    renderCriteria(criteria),
    '<table class="votes"><thead><tr><th>judge</th><th>vote</th><th>verdict</th><th>model verdict</th><th>verified</th><th>reasoning</th><th>quotes given</th></tr></thead>',
    `<tbody>${votes.join('')}</tbody></table>`,
    renderEvidence(u.evidence, demoted),
    '</details>',
  ].join('\n');
}

/** A vote's own quotes, each marked: a demoted vote's quote stays visible, marked unverified. */
function voteQuotes(evidence: EvidenceRecord[]): string {
  if (evidence.length === 0) return '<span class="note">none</span>';
  return evidence
    .map((e) => `<blockquote class="quote ${e.verified ? 'verified' : 'unverified'}" data-verified="${e.verified}">${h(e.quote)}</blockquote>${e.verified ? '' : '<small class="flag-bad">✗ unverified: not found in the review</small>'}`)
    .join('');
}

function renderEvidence(evidence: EvidenceRecord[], demoted: number): string {
  if (evidence.length === 0 && demoted) return '<p class="empty">No verified evidence: the quotes the judge gave (in the votes above) were not found in the review, so its ○/△ counted as ×.</p>';
  if (evidence.length === 0) return '<p class="empty">No evidence quotes.</p>';
  const items = evidence.map(
    (e) =>
      `<li><blockquote class="quote ${e.verified ? 'verified' : 'unverified'}" data-verified="${e.verified}">${h(e.quote)}</blockquote>` +
      `<small>${h(e.location)} · ${flag(e.verified, 'verified: found in the review', 'not found in the review')}</small></li>`,
  );
  return `<h4>Evidence</h4><ul class="evidence">${items.join('')}</ul>`;
}

function renderAudit(a: AuditVerdict, anchor: string, counted: string | null): string {
  const head = a.status === 'scored' ? `${a.bonuses.length} bonus, ${a.penalties.length} penalty found${counted ? ` · counted: ${counted}` : ''}` : 'unscored: bonus and penalty count as 0';
  const findings = a.findings.map(
    (f) =>
      `<tr><td>${h(f.location)}</td><td class="quote">${h(f.quote)}</td><td>${flag(f.verified, 'verified', 'not found')}</td><td>${h(f.classification)}</td>` +
      `<td>${h(f.matches.join(', '))}</td><td>${h(`matches ${f.split.matches} · bonus ${f.split.bonus} · penalty ${f.split.penalty} · neutral ${f.split.neutral}`)}</td></tr>`,
  );
  const votes = a.votes.map((v) => `<tr><td>${h(v.judge)}</td><td class="num">${v.voteIndex}</td><td>${h(v.status)}</td><td class="reasoning">${h(v.reason)}</td></tr>`);
  return [
    `<details class="audit" id="${anchor}" data-prompt="${h(a.review.prompt)}" data-run="${a.review.run}" data-status="${a.status}">`,
    `<summary><span class="mark${a.status === 'unscored' ? ' verdict-unscored' : ''}">±</span> Bonus/penalty audit <small>· ${h(head)}</small></summary>`,
    a.reason ? `<p class="reason"><strong>Unscored:</strong> ${h(a.reason)}</p>` : '',
    '<h4>Bonuses</h4>',
    auditItems(a.bonuses, 'bonus'),
    '<h4>Penalties</h4>',
    auditItems(a.penalties, 'penalty'),
    a.findings.length
      ? `<h4>Findings</h4><table class="findings"><thead><tr><th>location</th><th>quote</th><th>verified</th><th>class</th><th>matches</th><th>split</th></tr></thead><tbody>${findings.join('')}</tbody></table>`
      : '',
    `<h4>Votes</h4><table class="audit-votes"><thead><tr><th>judge</th><th>vote</th><th>status</th><th>reason</th></tr></thead><tbody>${votes.join('')}</tbody></table>`,
    '</details>',
  ].join('\n');
}

function auditItems(items: AuditItem[], kind: 'bonus' | 'penalty'): string {
  if (items.length === 0) return `<p class="empty">No ${kind === 'bonus' ? 'bonuses' : 'penalties'}.</p>`;
  const rows = items.map(
    (i) =>
      `<tr class="${kind}"><td>${i.id === null ? '<span class="note">unlisted</span>' : h(i.id)}</td><td>${h(i.location)}</td>` +
      `<td><blockquote class="quote ${i.verified ? 'verified' : 'unverified'}" data-verified="${i.verified}">${h(i.quote)}</blockquote></td>` +
      `<td>${flag(i.verified, 'verified', 'not found')}</td><td class="reason">${h(i.reason)}</td><td class="num">${i.votes}/${i.of}</td></tr>`,
  );
  return `<table class="items ${kind}"><thead><tr><th>id</th><th>location</th><th>quote</th><th>verified</th><th>reason</th><th>votes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function flag(ok: boolean, yes: string, no: string): string {
  return ok ? `<span class="flag-ok">✓ ${yes}</span>` : `<span class="flag-bad">✗ ${no}</span>`;
}
