import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { BatchLedger, LEDGER_FILE, resultsFile } from './BatchLedger.ts';
import { RunFolder } from './RunFolder.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const header = { fingerprints: { run: 'r', inputs: 'i' }, salt: '', only: [], command: { cwd: '/w', kind: 'score' as const, roundDir: 'round', flags: { votes: '3' } }, base: null };
const status = (id: string, over = {}) => ({ id, ended: false, state: 'validating', counts: { processing: 2, succeeded: 0, failed: 0, expired: 0, canceled: 0 }, expiresAt: null, ...over });
const entries = [{ customId: 'c0', keys: ['k0', 'k1'], samples: 2 }, { customId: 'c1', keys: ['k2'], samples: 1 }];

function folder(): RunFolder {
  const d = mkdtempSync(path.join(tmpdir(), 'rj-ledger-'));
  dirs.push(d);
  return new RunFolder(d, 'run-1');
}

describe('BatchLedger', () => {
  it('is written before the create call and read back at every step (what a killed process leaves)', () => {
    const f = folder();
    const now = new Date('2026-12-01T00:00:00Z');
    const l = BatchLedger.open(f, header, now);
    expect(l.lookup('c0')).toBeNull();
    l.intend({ tag: 't1', judge: 'openai:m', submittedAt: now.toISOString(), entries, estimateUsd: 0.1 });
    // Killed here: the next invocation sees an unresolved batch whose entries are not to be sent again blindly.
    let again = BatchLedger.open(f, header, now);
    expect(again.unresolved().map((b) => b.tag)).toEqual(['t1']);
    expect(again.lookup('c1')).toBe('submitted');
    l.created('t1', status('batch_1'));
    again = BatchLedger.open(f, header, now);
    expect(again.live().map((b) => b.id)).toEqual(['batch_1']);
    l.collect('t1', status('batch_1', { ended: true, state: 'completed', counts: { processing: 0, succeeded: 1, failed: 0, expired: 0, canceled: 0 } }), [{ customId: 'c0', ok: true, raw: { a: 1 } }], new Date('2026-12-01T00:30:00Z'));
    again = BatchLedger.open(f, header, now);
    expect(again.lookup('c0')).toEqual({ customId: 'c0', ok: true, raw: { a: 1 } });
    // An entry the results do not mention is failed, never left pending.
    expect(again.lookup('c1')).toMatchObject({ ok: false, kind: 'batch-failed' });
    expect([...again.answeredKeys()]).toEqual(['k0', 'k1']);
    expect(again.latencyOf('c0')).toBe(30 * 60_000);
    expect(readFileSync(f.file(resultsFile('t1')), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('drops a batch the provider refused, so its entries may be sent again', () => {
    const f = folder();
    const l = BatchLedger.open(f, header, new Date());
    l.intend({ tag: 't1', judge: 'openai:m', submittedAt: new Date().toISOString(), entries, estimateUsd: null });
    l.drop('t1');
    const again = BatchLedger.open(f, header, new Date());
    expect(again.data.batches).toEqual([]);
    expect(again.lookup('c0')).toBeNull();
  });

  it('an expired batch: the entries it did not answer are expired', () => {
    const f = folder();
    const l = BatchLedger.open(f, header, new Date());
    l.intend({ tag: 't1', judge: 'openai:m', submittedAt: new Date().toISOString(), entries, estimateUsd: null });
    l.collect('t1', status('b', { ended: true, state: 'expired', counts: { processing: 0, succeeded: 0, failed: 0, expired: 2, canceled: 0 } }), [], new Date());
    expect(l.lookup('c0')).toMatchObject({ ok: false, kind: 'batch-expired' });
  });

  it('a collected batch whose results file is lost is fetched again, not taken as answered', () => {
    const f = folder();
    const l = BatchLedger.open(f, header, new Date());
    l.intend({ tag: 't1', judge: 'openai:m', submittedAt: new Date().toISOString(), entries, estimateUsd: null });
    l.created('t1', status('b'));
    l.collect('t1', status('b', { ended: true, state: 'completed' }), [{ customId: 'c0', ok: true, raw: {} }], new Date());
    writeFileSync(f.file(resultsFile('t1')), '{broken\n');
    const again = BatchLedger.open(f, header, new Date());
    expect(again.live().map((b) => b.id)).toEqual(['b']);
    expect(again.lookup('c0')).toBe('submitted');
  });

  it('a ledger that is not one is an InputError naming the file', () => {
    const f = folder();
    writeFileSync(f.file(LEDGER_FILE), '{"version": 1, "batches": "x"}');
    expect(() => BatchLedger.open(f, header, new Date())).toThrow(InputError);
    try {
      BatchLedger.open(f, header, new Date());
    } catch (e) {
      expect((e as InputError).file).toBe(f.file(LEDGER_FILE));
    }
  });
});
