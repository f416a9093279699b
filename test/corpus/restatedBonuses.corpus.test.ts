/**
 * Bonus rows that restate a planted problem, on the 55 corpus keys. The count is the measured one
 * (BENCHMARKS.md, 2026-12-01: 16 pairs in 13 keys, 9 restatements, 3 borderline, 4 false when read);
 * a change of the similarity or its threshold must update it, and the README, on purpose.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAnswerKey } from '../../src/answer-key/parseAnswerKey.ts';
import { restatedBonuses } from '../../src/answer-key/restatedBonuses.ts';
import { restatedBonusWarnings } from '../../src/cli/keyCommand.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = path.resolve(REPO, '../shared/corpus/rounds');
const exists = existsSync(ROUNDS);
if (!exists) console.warn(`corpus absent at ${ROUNDS}: restated-bonus corpus test skipped`);

const keyFiles = exists
  ? readdirSync(ROUNDS).flatMap((t) => readdirSync(path.join(ROUNDS, t)).filter((f) => /^answer-key-round-\d+\.md$/.test(f)).map((f) => path.join(t, f)))
  : [];
const read = (rel: string) => readFileSync(path.join(ROUNDS, rel), 'utf8');

describe.skipIf(!exists)('restated bonus rows in the corpus keys', () => {
  it('warns about reliability round 6: B01 (runbook, escalation policy) restates P06', () => {
    const rel = 'reliability-design/answer-key-round-006.md';
    const key = parseAnswerKey(read(rel), rel);
    expect(restatedBonuses(key).map((r) => `${r.bonus}~${r.problem}`)).toContain('B01~P06');
    const warnings = restatedBonusWarnings(key, read(rel), rel);
    expect(warnings).toContainEqual(expect.stringMatching(/^reliability-design\/answer-key-round-006\.md:170: warning: bonus B01 restates P06 \(/));
  });

  it('finds the measured 16 pairs in 13 of the 55 keys', () => {
    expect(keyFiles).toHaveLength(55);
    const found = keyFiles.flatMap((rel) => restatedBonuses(parseAnswerKey(read(rel), rel)).map((r) => ({ rel, ...r })));
    for (const r of found) console.log(`${r.rel}: ${r.bonus} ~ ${r.problem} (${r.part}) ${r.score}`);
    expect(found).toHaveLength(16);
    expect(new Set(found.map((r) => r.rel)).size).toBe(13);
  });
});
