/**
 * The quote check's regression set on the real corpus (issue 11): historical graders' quotes
 * paired with their run files, the hand-written variants, and generated rewrites and alterations.
 * Targets: at most 1% of faithful quotes rejected, no alteration accepted. Prints the numbers and
 * every case that misses, so a change to the check shows what it costs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildQuoteRegressionSet, type QuoteRegressionSet } from '../../src/history/quoteRegressionSet.ts';
import { measureQuoteSet, type QuoteRegressionReport } from '../../src/history/quoteRegressionStats.ts';
import { formatQuoteReport } from '../../src/cli/formatQuoteReport.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');
const exists = existsSync(path.join(CORPUS, 'rounds'));
if (!exists) console.warn(`corpus absent at ${CORPUS}: quote regression corpus tests skipped`);

describe.skipIf(!exists)('quote regression set (corpus)', () => {
  let set: QuoteRegressionSet;
  let report: QuoteRegressionReport;
  beforeAll(async () => {
    set = await buildQuoteRegressionSet(CORPUS);
    report = measureQuoteSet(set);
    console.log(formatQuoteReport(report, CORPUS, 20261201));
  }, 180_000);

  it('holds thousands of historical quotes from every scoring file with run files', () => {
    expect(report.scoringFiles).toBeGreaterThanOrEqual(140);
    expect(report.current.faithful.byKind.historical!.total).toBeGreaterThan(2500);
    expect(report.current.faithful.byKind['hand-written']!.total).toBeGreaterThanOrEqual(50);
    expect(report.current.alterations.total).toBeGreaterThan(5000);
    for (const kind of ['word-swap', 'adjacent-swap', 'negation-inserted', 'negation-removed', 'number-changed', 'fabricated-short-tail', 'fabricated-tail', 'stitched-far', 'out-of-order', 'other-review']) {
      expect(report.current.alterations.byKind[kind]?.total, kind).toBeGreaterThan(500);
    }
  });

  it('rejects at most 1% of faithful quotes', () => {
    const f = report.current.faithful;
    expect(f.wrong / f.total, report.rejected.map((p) => `${p.kind} ${p.source}: ${p.quote}`).join('\n')).toBeLessThanOrEqual(0.01);
    const h = f.byKind.historical!;
    expect(h.wrong / h.total).toBeLessThanOrEqual(0.01);
  });

  it('accepts no alteration and no historical quote that is not in its review', () => {
    expect(report.accepted.map((p) => `${p.kind} ${p.source}: ${p.quote}`)).toEqual([]);
  });

  it('recovers the old check’s rejections of historical quotes, and the old check fails where the issue says', () => {
    expect(report.recovered.legacyRejected).toBeGreaterThan(150);
    expect(report.recovered.recovered / report.recovered.legacyRejected).toBeGreaterThanOrEqual(0.95);
    expect(report.legacy.alterations.byKind['stitched-far']!.wrong).toBe(report.legacy.alterations.byKind['stitched-far']!.total);
    expect(report.legacy.alterations.byKind['fabricated-short-tail']!.wrong / report.legacy.alterations.byKind['fabricated-short-tail']!.total).toBeGreaterThan(0.9);
  });

  it('is the same set for the same seed', async () => {
    const again = await buildQuoteRegressionSet(CORPUS);
    expect(again.alterations.slice(0, 200)).toEqual(set.alterations.slice(0, 200));
    expect(again.faithful.length).toBe(set.faithful.length);
  }, 120_000);
});
