/**
 * Visible demotions through the CLI against the fake OpenAI server: a judge whose verdicts are right
 * but whose quotes are invented loses its ○/△ votes to the evidence check, and every place a number
 * is shown says so — the terminal, report.json (per run, per prompt, per report), report.md and
 * report.html (with the quote the judge gave, marked unverified) — and the run exits 1 as suspect
 * evidence instead of blaming the reviews with a threshold exit.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { Script } from '../fakes/fakeServer.ts';
import type { Report } from '../../src/types/Report.ts';
import { RELIABILITY } from '../fixtures/workflow-root/workflowJudge.ts';
import { detectionOutput, judgeScript } from './fakeJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const cleanup = cleanupAfterEach();
const INVENTED = 'The design guarantees exactly-once delivery through a distributed saga coordinator.';

/** Every unit ○, every quote invented (it occurs in no review). */
const inventingJudge: Script = judgeScript((view) => ({ type: 'json', outputs: [detectionOutput(view, 'detected', INVENTED)] }));
/** Every unit ○ with a real line of the review. */
const faithfulJudge: Script = judgeScript(() => 'detected');

async function score(script: Script, extra: string[] = []) {
  const server = cleanup.server(await startFakeOpenAI(script));
  const runs = path.join(cleanup.dir('rj-evidence-'), 'runs');
  const r = await runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', '--no-audit', ...extra], {
    OPENAI_API_KEY: 'sk-test-evidence-0001',
    OPENAI_BASE_URL: `${server.url}/v1`,
  });
  const dir = path.join(runs, readdirSync(runs).find((d) => d !== 'cache')!);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return { ...r, report: JSON.parse(read('report.json')) as Report, md: read('report.md'), html: read('report.html') };
}

describe('a judge that invents quotes', () => {
  it('exits 1 as suspect evidence and every report shows the demoted count', async () => {
    const r = await score(inventingJudge);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('review-judge: suspect evidence:');
    expect(r.stderr).toContain('the judge or the quotes are suspect, not the reviews');
    // 4 reviews × 3 problems, one vote each: all 36 ○ votes demoted.
    expect(r.stderr).toContain('evidence: 36 of 36 ○/△ votes demoted to × (quote not found in the review)');
    expect(r.report.evidence).toEqual({ votes: 36, demoted: 36, demotedShare: 1 });
    for (const p of r.report.prompts) {
      expect(p.evidence).toEqual({ votes: 18, demoted: 18, demotedShare: 1 });
      for (const run of p.runs) {
        expect(run.evidence.demoted).toBe(9);
        expect(run.total).toBe(0);
      }
    }
    expect(r.md).toContain('Evidence check: 36 of 36 ○/△ votes (100%) demoted to ×');
    expect(r.md).toMatch(/0 \(0, not audited, 9 demoted\)/);
    expect(r.html).toContain('id="evidence" data-demoted="36" data-votes="36"');
    // The quote the judge gave is shown, marked unverified, not hidden behind "No evidence quotes."
    expect(r.html).toContain(`<blockquote class="quote unverified" data-verified="false">${INVENTED}</blockquote>`);
    expect(r.html).not.toContain('No evidence quotes.');
    expect(r.html).toContain('3 ○/△ votes demoted to × (quote not found)');
  });

  it('a broken --fail-under is not decided on suspect evidence: exit 1, not 3', async () => {
    const r = await score(inventingJudge, ['--fail-under', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/threshold: .*mean 0 is under --fail-under 2 — not decided: the evidence check demoted 100% of ○\/△ votes/);
  });

  it('--max-demoted-share 1 accepts the run (exit 0) and still shows the count', async () => {
    const r = await score(inventingJudge, ['--max-demoted-share', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('suspect evidence');
    expect(r.stderr).toContain('evidence: 36 of 36 ○/△ votes demoted');
  });

  it('--max-demoted-share outside 0..1 is a one-line input error', async () => {
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--judge', 'openai:gpt-4.1-mini', '--max-demoted-share', '25'], { OPENAI_API_KEY: 'sk-test-evidence-0001' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("review-judge: --max-demoted-share expects a share between 0 and 1 (e.g. 0.25), got '25'");
  });
});

describe('a judge that quotes the review', () => {
  it('demotes nothing, exits 0 and says so', async () => {
    const r = await score(faithfulJudge);
    expect(r.code).toBe(0);
    expect(r.report.evidence).toEqual({ votes: 36, demoted: 0, demotedShare: 0 });
    expect(r.stderr).toContain('evidence: 0 of 36 ○/△ votes demoted');
    expect(r.md).toContain('Evidence check: all 36 ○/△ votes quoted the review; none demoted.');
  });
});

/** Harmless rewrites a real judge makes when it copies a line: quote marks, a period, a bullet, emphasis, case, joined list items. */
const REWRITES: Array<(line: string, next: string) => string> = [
  (l) => `“${l}”`,
  (l) => `"${l}"`,
  (l) => `'${l}'`,
  (l) => (l.endsWith('.') ? l.slice(0, -1) : `${l}.`),
  (l) => `- ${l}`,
  (l) => `**${l}**`,
  (l) => l.replace(/;/g, ','),
  (l) => l.replace(/, /g, ' — '),
  (l) => l.toUpperCase(),
  (l, next) => `${l} ${next}`,
];

describe('a judge that quotes faithfully with harmless punctuation changes', () => {
  it('keeps ≥ 99% of its ○/△ votes (here all of them)', async () => {
    const judge = judgeScript((view, i) => {
      const [line, next] = view.review.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
      return { type: 'json', outputs: [detectionOutput(view, i % 2 ? 'detected' : 'partial', REWRITES[i % REWRITES.length]!(line!, next!))] };
    });
    const r = await score(judge);
    expect(r.report.evidence.votes).toBe(36);
    expect(r.report.evidence.demotedShare).toBeLessThanOrEqual(0.01);
    expect(r.report.evidence.demoted).toBe(0);
    expect(r.code).toBe(0);
  });
});

describe('one scale: the terminal table is the report', () => {
  it('with --rubric doubling the points, the terminal totals equal report.json', async () => {
    const dir = cleanup.dir('rj-rubric-');
    const rubric = path.join(dir, 'rubric.json');
    writeFileSync(rubric, JSON.stringify({ points: { '○': 2, '△': 1, '×': 0 }, bonus: { points: 1 }, penalty: { points: 1 } }));
    const r = await score(judgeScript((view) => (view.reviewTitle.includes('baseline') ? 'partial' : 'detected')), ['--rubric', rubric]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => / run\d /.test(l));
    expect(rows).toHaveLength(4);
    for (const p of r.report.prompts) {
      for (const run of p.runs) {
        const row = rows.find((l) => l.startsWith(`${p.prompt} run${run.run} `))!;
        const [, detection, bonus, penalty, total] = /\s(\S+)\s+\+(\S+)\s+−(\S+)\s+(\S+)(?: \(not audited\))?$/.exec(row)!.map(Number);
        expect({ detection, bonus, penalty, total }).toEqual({ detection: run.detection, bonus: run.bonus, penalty: run.penalty, total: run.total });
        expect(run.detection).toBe(p.prompt === 'baseline' ? 3 : 6);
      }
    }
  });
});
