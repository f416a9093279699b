/**
 * `--dry-run` with a local judge, through the CLI and without node-llama-cpp (nothing is loaded):
 * tokens, and a time estimate whose formula and assumed rates are printed, prefix reuse counted.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSUMED_OUTPUT_TOKENS_PER_S, ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD } from '../../src/judge/providers/local/localTimeEstimate.ts';
import { formatDuration } from '../../src/report/formatSpend.ts';
import { cleanupAfterEach } from '../e2e/cleanup.ts';
import { runCli } from '../e2e/runCli.ts';
import { writeHeldOutRound } from './heldOutRound.ts';

const track = cleanupAfterEach();
const num = (s: string) => Number(s.replace(/,/g, ''));

describe('--dry-run with a local judge', () => {
  it('estimates tokens and time (formula and assumptions shown), the prefix counted once per review', async () => {
    const dir = track.dir('rj-local-dry-');
    const round = writeHeldOutRound(path.join(dir, 'round'));
    // Any bytes: a dry run hashes the file (the cache identity) and never loads it.
    const model = path.join(dir, 'm.gguf');
    // A GGUF v3 header (checked even by a dry run) and nothing a model needs: a dry run never loads it.
    writeFileSync(model, Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), Buffer.from(' not a real model')]));
    const run = (threads: string) => runCli(['score', round, '--round', '1', '--judge', `local:${model}`, '--threads', threads, '--dry-run', '--runs-dir', path.join(dir, 'runs')], { HOME: dir });
    const r = await run('2');
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith(`local:${model}  `))!;
    expect(row).toMatch(/ local \(no per-call price\)$/);
    const [, , , , requests, input, output] = row.split('  ');
    const m = new RegExp(`time ≈ (.+?) if all (\\d+) requests are sent \\(estimate, not measured: ~([\\d,]+) prompt tokens to evaluate of ~([\\d,]+) sent .*÷ \\(${ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD} tokens/s × 2 threads\\) \\+ ~([\\d,]+) output tokens ÷ ${ASSUMED_OUTPUT_TOKENS_PER_S} tokens/s;`).exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [, shown, all, evaluated, sent, out] = m!;
    expect(num(out!)).toBe(num(output!.slice(1)));
    expect(Number(all)).toBe(Number(requests!.split('-').pop()));
    const most = Number(requests!.split('-').pop());
    expect(most).toBeGreaterThan(40);
    // Reuse: far fewer tokens evaluated than sent (4 reviews' prefixes, then one task per unit).
    expect(num(evaluated!)).toBeLessThan(num(sent!) / 3);
    expect(num(sent!)).toBeGreaterThan(0);
    // The printed time is the printed formula.
    expect(shown).toBe(formatDuration((num(evaluated!) / (ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD * 2) + num(out!) / ASSUMED_OUTPUT_TOKENS_PER_S) * 1000));
    expect(r.stdout).toMatch(/rates assumed for an ~8B Q4 model on a desktop CPU/);
    expect(r.stdout).not.toMatch(/\$0\.0000/);
    // More threads: the prompt part shrinks, nothing else changes.
    const four = await run('4');
    expect(four.stdout).toMatch(/× 4 threads\)/);
    expect(four.stdout.replace(/time ≈ .+? if/, '').replace('× 4 threads', '× 2 threads')).toBe(r.stdout.replace(/time ≈ .+? if/, ''));
  });
});
