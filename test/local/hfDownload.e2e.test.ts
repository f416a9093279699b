/**
 * `--judge local:hf:…` through the CLI against the fake Hub (HF_ENDPOINT): doctor downloads the tiny
 * GGUF into REVIEW_JUDGE_MODELS with progress lines on stderr and the token nowhere in the output;
 * `score --offline` refuses a model not downloaded yet in one line (exit 2) before sending anything.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_JUDGE_PREFIX } from '../../src/judge/providers/local/loadLlamaModule.ts';
import { cleanupAfterEach } from '../e2e/cleanup.ts';
import { runCli } from '../e2e/runCli.ts';
import { sha256Of, startFakeHfHub } from '../fakes/fakeHfHub.ts';
import { writeHeldOutRound } from './heldOutRound.ts';
import { writeTinyGguf } from './writeTinyGguf.ts';

const track = cleanupAfterEach();
const installed = existsSync(path.join(LOCAL_JUDGE_PREFIX, 'node_modules', 'node-llama-cpp', 'package.json'));
const TOKEN = 'hf_e2eSECRETtoken0987654321';

describe('local:hf: through the CLI', () => {
  it('doctor downloads the model once into REVIEW_JUDGE_MODELS (progress on stderr, token never shown), then reads it from there', async () => {
    const dir = track.dir('rj-hf-e2e-');
    const gguf = path.join(dir, 'src.gguf');
    writeTinyGguf(gguf);
    const bytes = readFileSync(gguf);
    const hub = track.server(await startFakeHfHub({ 'acme/tiny-GGUF': { files: { 'tiny.gguf': { bytes } }, gatedToken: TOKEN } }));
    const models = path.join(dir, 'models');
    const env = { HOME: dir, PATH: process.env.PATH, HF_ENDPOINT: hub.endpoint, HF_TOKEN: TOKEN, REVIEW_JUDGE_MODELS: models };
    const args = ['doctor', '--judge', 'local:hf:acme/tiny-GGUF/tiny.gguf', '--threads', '1', '--gpu', 'off', '--max-tokens', '200'];
    const r = await runCli(args, env);
    const file = path.join(models, 'acme', 'tiny-GGUF', 'tiny.gguf');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`local judge: downloading hf:acme/tiny-GGUF/tiny\\.gguf from 127\\.0\\.0\\.1:\\d+ into ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    expect(r.stderr).toMatch(/downloading tiny\.gguf \[#{20}\] 100% of [\d.]+ (kB|MB)\n/);
    expect(r.stderr).toContain(`sha256 ${sha256Of(bytes)} checked`);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    // With node-llama-cpp the model answers; without it, the one line naming the install (after the download).
    if (installed) expect(r.code).toBe(0);
    else expect(r.stdout + r.stderr).toMatch(/npm run local-judge:install/);
    const sent = hub.requests.length;
    await runCli(args, env);
    expect(hub.requests.length).toBe(sent);
    expect(readdirSync(path.dirname(file))).toEqual(['tiny.gguf']);
  }, 120_000);

  it('score --offline refuses a model not downloaded yet in one line, exit 2, nothing sent', async () => {
    const dir = track.dir('rj-hf-off-');
    const hub = track.server(await startFakeHfHub({}));
    const round = writeHeldOutRound(path.join(dir, 'round'));
    const r = await runCli(['score', round, '--round', '1', '--judge', 'local:hf:acme/tiny-GGUF/tiny.gguf', '--offline', '--runs-dir', path.join(dir, 'runs')], { HOME: dir, HF_ENDPOINT: hub.endpoint });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => /--offline sends nothing: run once without --offline to download it/.test(l))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(hub.requests).toEqual([]);
  });
});
