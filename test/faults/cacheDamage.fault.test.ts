/**
 * Cache damage at scale: after a full run, 30% of the cache files (chosen by a seeded PRNG) are
 * truncated, emptied, filled with garbage, replaced by valid JSON that is no entry, or replaced by
 * another vote's whole entry. The next run re-asks exactly those votes, logs each file once as
 * 'corrupt cache entry ignored', exits 0 with the same verdicts, and leaves the cache whole again.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../e2e/runCli.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { bodiesOf, countBodies, countIds, logLines, reportedRunDir, ROUND, scanCache, seeded, stableBrain, verdictsOf } from './faultKit.ts';

const SEED = Number(process.env.FAULT_SEED ?? 0xda3a6e);
const VOTES = 5;
/** Entries of a full run: the stable brain's votes agree, so 9 detection units × 3 (early stop at k=5) + 3 audits × 5. */
const ENTRIES = 9 * 3 + 3 * VOTES;

type Damage = 'truncated' | 'empty' | 'garbage' | 'json-not-an-entry' | 'another-key';
const DAMAGES: Damage[] = ['truncated', 'empty', 'garbage', 'json-not-an-entry', 'another-key'];

let server: FakeServer | undefined;
let work: string | undefined;

afterEach(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  server = undefined;
  work = undefined;
});

function score(runs: string): Promise<CliResult> {
  return runCli(['score', ROUND, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${server!.url}/v1`, '--runs-dir', runs, '--votes', String(VOTES)], {});
}

/** Does `damage` to `file`; `donor` is an undamaged entry of another vote. */
function spoil(file: string, damage: Damage, donor: string, rng: ReturnType<typeof seeded>): void {
  const text = readFileSync(file, 'utf8');
  switch (damage) {
    case 'truncated':
      return writeFileSync(file, text.slice(0, rng.int(1, text.length - 2)));
    case 'empty':
      return writeFileSync(file, '');
    case 'garbage':
      return writeFileSync(file, Buffer.from(Array.from({ length: rng.int(1, 64) }, () => rng.int(0, 255))));
    case 'json-not-an-entry':
      return writeFileSync(file, JSON.stringify({ version: 1, note: 'not a cache entry', parsed: { verdict: 'undetected' } }));
    case 'another-key':
      return copyFileSync(donor, file);
  }
}

describe('30% of the cache damaged', () => {
  it.each([SEED, SEED + 1, SEED + 2])('seed %i: exactly the damaged votes are re-asked, each logged, same verdicts', { timeout: 30_000 }, async (seed) => {
    const rng = seeded(seed);
    server = await startFakeOpenAI(stableBrain());
    work = mkdtempSync(path.join(tmpdir(), 'rj-fault-damage-'));
    const runs = path.join(work, 'runs');
    const cacheDir = path.join(runs, 'cache');

    const first = await score(runs);
    expect(first.code, first.stderr).toBe(0);
    const reference = verdictsOf(reportedRunDir(first.stderr));
    const whole = scanCache(cacheDir);
    expect(whole.corrupt).toEqual([]);
    expect(whole.entries).toHaveLength(ENTRIES);

    // Pick 30% of the files (seeded shuffle) and give each a kind of damage; every kind occurs.
    const shuffled = whole.entries.map((e) => ({ e, r: rng.next() })).sort((x, y) => x.r - y.r).map((x) => x.e);
    const victims = shuffled.slice(0, Math.round(ENTRIES * 0.3));
    const donors = shuffled.slice(victims.length);
    expect(victims.length).toBeGreaterThanOrEqual(DAMAGES.length);
    const damaged = victims.map((v, i) => ({ ...v, damage: DAMAGES[i % DAMAGES.length]!, donor: rng.pick(donors).file }));
    for (const d of damaged) spoil(d.file, d.damage, d.donor, rng);
    expect(scanCache(cacheDir).corrupt.map((c) => c.file).sort()).toEqual(damaged.map((d) => d.file).sort());

    const before = server.requests.length;
    const second = await score(runs);
    expect(second.stderr).not.toContain('unscored:');
    expect(second.code, second.stderr).toBe(0);
    const secondDir = reportedRunDir(second.stderr);

    // Exactly the damaged votes were asked again: per request body, as many as were damaged.
    const refetched = countBodies(bodiesOf(server.requests.slice(before)));
    expect(refetched).toEqual(countIds(damaged.map((d) => d.entry.request.bodySha256)));

    // Each damaged file was logged once as ignored, with a reason fitting its damage; no other file was.
    const warnings = logLines(secondDir).filter((l) => l.msg === 'corrupt cache entry ignored');
    expect(warnings.map((w) => w.file).sort()).toEqual(damaged.map((d) => d.file).sort());
    const reasonOf = new Map(warnings.map((w) => [w.file as string, String(w.reason)]));
    const expectedReason: Record<Damage, RegExp> = {
      truncated: /^(invalid JSON|empty file)/,
      empty: /^empty file$/,
      garbage: /^(invalid JSON|empty file)/,
      'json-not-an-entry': /^wrong shape/,
      'another-key': /^key mismatch/,
    };
    for (const d of damaged) expect(reasonOf.get(d.file), `${d.damage} ${d.file}`).toMatch(expectedReason[d.damage]);

    // The same verdicts, and the cache is whole again: a third run asks nothing and warns about nothing.
    expect(verdictsOf(secondDir)).toEqual(reference);
    const healed = scanCache(cacheDir);
    expect(healed.corrupt).toEqual([]);
    expect(healed.temps).toEqual([]);
    expect(healed.entries).toHaveLength(ENTRIES);
    const afterSecond = server.requests.length;
    const third = await score(runs);
    expect(third.code, third.stderr).toBe(0);
    expect(server.requests.length).toBe(afterSecond);
    expect(logLines(reportedRunDir(third.stderr)).filter((l) => l.msg === 'corrupt cache entry ignored')).toEqual([]);
  });
});
