/**
 * `review-judge doctor` through the CLI against the fake OpenAI and Anthropic servers (real sockets,
 * real SDKs): one tiny call per judge with the settings a run uses; exit 0 when every judge passes,
 * 2 with one line per failure naming the judge and the fix; never a key in the output.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { sequence, type FakeServer, type Reply } from '../fakes/fakeServer.ts';
import { runCli } from './runCli.ts';

const NOW = new Date('2026-12-01T09:00:00Z');
const OPENAI_KEY = 'sk-test-doc-oa-5f3a';
const ANTHROPIC_KEY = 'sk-ant-doc-77b1';
const VALID = { reasoning: 'The review names the single Redis node.', evidence: [{ location: 'Review', quote: 'single Redis node' }], verdict: 'detected' };
const ok: Reply = { type: 'json', outputs: [VALID], usage: { input: 120, output: 30, cached: 0 } };

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function openai(...replies: Reply[]) {
  // gpt-6.3-nova stands for a model the provider serves that is newer than the catalogue.
  const s = await startFakeOpenAI(sequence(...replies), { extraModels: { 'gpt-6.3-nova': { efforts: ['low', 'medium', 'high', 'xhigh', 'max'] } } });
  servers.push(s);
  return s;
}
async function anthropic(...replies: Reply[]) {
  const s = await startFakeAnthropic(sequence(...replies));
  servers.push(s);
  return s;
}

const envFor = (o?: FakeServer, a?: FakeServer) => ({
  ...(o ? { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `${o.url}/v1` } : {}),
  ...(a ? { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: a.url } : {}),
});

const doctor = (args: string[], env: Record<string, string | undefined>) => runCli(['doctor', ...args], env, { now: NOW });

function expectNoKey(r: { stdout: string; stderr: string }) {
  for (const key of [OPENAI_KEY, ANTHROPIC_KEY]) {
    expect(r.stdout).not.toContain(key);
    expect(r.stderr).not.toContain(key);
  }
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('review-judge doctor passes', () => {
  it('against the fake OpenAI with the default judge: one request with the run\'s settings, the served snapshot, usage and cost', async () => {
    const o = await openai(ok);
    const r = await doctor([], envFor(o));
    expect(r.code).toBe(0);
    expect(o.requests).toHaveLength(1);
    expect(o.requests[0]!.body).toMatchObject({ model: 'gpt-6-luna', reasoning_effort: 'low', response_format: { type: 'json_schema', json_schema: { name: 'detection_verdict', strict: true } } });
    expect(o.requests[0]!.body).not.toHaveProperty('n');
    expect(r.stdout).toContain('openai:gpt-6-luna: ok');
    expect(r.stdout).toContain('served gpt-6-luna (fp_fake0001)');
    expect(r.stdout).toContain('auth ok, model ok, structured output ok, n n/a, effort low ok');
    expect(r.stdout).toContain('usage 120 input (0 cached) + 30 output tokens, $0.000027');
    expect(r.stdout).toContain('1 judge checked: 1 ok, 0 failed');
    expect(r.stderr).toBe('');
    expectNoKey(r);
  });

  it('against the fake Anthropic, with --effort sent as output_config.effort', async () => {
    const a = await anthropic(ok);
    const r = await doctor(['--judge', 'anthropic', '--effort', 'medium'], envFor(undefined, a));
    expect(r.code).toBe(0);
    expect(a.requests).toHaveLength(1);
    expect(a.requests[0]!.body).toMatchObject({ model: 'claude-sonnet-5-5', output_config: { effort: 'medium', format: { type: 'json_schema' } } });
    expect(r.stdout).toContain('anthropic:claude-sonnet-5-5: ok');
    expect(r.stdout).toContain('effort medium ok');
    expectNoKey(r);
  });

  it('asks 2 samples of a judge with n, and fails n when the server returns fewer', async () => {
    const o = await openai(ok, { type: 'mixed', choices: [{ output: VALID }] });
    const good = await doctor(['--judge', 'openai:gpt-4.1-mini'], envFor(o));
    expect(good.code).toBe(0);
    expect(o.requests[0]!.body).toMatchObject({ model: 'gpt-4.1-mini', n: 2 });
    expect(good.stdout).toContain('n 2/2 ok');
    // gpt-4.1-mini shuts down 2027-01-14: the catalogue's warning is passed on.
    const bad = await doctor(['--judge', 'openai:gpt-4.1-mini', '--json'], envFor(o));
    expect(bad.code).toBe(2);
    const j = JSON.parse(bad.stdout).judges[0];
    expect(j.checks).toEqual({ auth: 'ok', model: 'ok', structuredOutput: 'ok', n: 'failed', effort: 'not-applicable' });
    expect(j.samples).toEqual({ asked: 2, got: 1 });
    expect(bad.stderr).toMatch(/review-judge doctor: openai:gpt-4\.1-mini failed \(n\): n ignored: n: asked for 2 samples, got 1; fix: /);
  });

  it('against an openai-compatible server named by --base-url (one sample, no effort, free)', async () => {
    const o = await openai(ok);
    const r = await doctor(['--judge', 'openai-compatible:llama3.1:8b', '--base-url', `${o.url}/v1`, '--json'], { JUDGE_API_KEY: 'local-secret-key-123456' });
    expect(r.code).toBe(0);
    expect(o.requests[0]!.body).toMatchObject({ model: 'llama3.1:8b' });
    expect(o.requests[0]!.body).not.toHaveProperty('reasoning_effort');
    expect(JSON.parse(r.stdout).judges[0]).toMatchObject({ ok: true, checks: { n: 'not-applicable', effort: 'not-applicable' }, costUsd: 0 });
    expect(r.stdout + r.stderr).not.toContain('local-secret-key-123456');
  });

  it('--json prints the per-judge shape for a panel', async () => {
    const o = await openai(ok);
    const a = await anthropic(ok);
    const r = await doctor(['--judge', 'openai', '--judge', 'anthropic', '--json'], envFor(o, a));
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.judges).toHaveLength(2);
    const [oj, aj] = parsed.judges;
    expect(Object.keys(oj)).toEqual(expect.arrayContaining(['judge', 'ok', 'checks', 'latencyMs', 'servedModel', 'fingerprint', 'usage', 'costUsd', 'error']));
    expect(oj).toMatchObject({
      judge: 'openai:gpt-6-luna',
      ok: true,
      checks: { auth: 'ok', model: 'ok', structuredOutput: 'ok', n: 'not-applicable', effort: 'ok' },
      effort: 'low',
      servedModel: 'gpt-6-luna',
      fingerprint: 'fp_fake0001',
      usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 0, cacheWriteTokens: 0 },
      status: null,
      error: null,
      fix: null,
    });
    expect(oj.costUsd).toBeCloseTo((120 * 0.1 + 30 * 0.5) / 1e6, 12);
    expect(typeof oj.latencyMs).toBe('number');
    expect(aj).toMatchObject({ judge: 'anthropic:claude-sonnet-5-5', ok: true, servedModel: 'claude-sonnet-5-5', fingerprint: null, error: null });
    expectNoKey(r);
  });

  it('an uncatalogued model is checked with a warning and its cost is unpriced', async () => {
    const o = await openai(ok);
    const r = await doctor(['--judge', 'openai:gpt-6.3-nova', '--json'], envFor(o));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).judges[0]).toMatchObject({ costUsd: 'unpriced', warnings: [expect.stringContaining('is not in the model catalogue')] });
    expect(r.stderr).toContain('warning: judge openai:gpt-6.3-nova is not in the model catalogue');
  });
});

describe('review-judge doctor fails with exit 2', () => {
  it.each([
    ['openai', { type: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }],
    ['anthropic', { type: 'status', status: 401, body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${ANTHROPIC_KEY}` } } }],
  ] as Array<[string, Reply]>)('on a 401 from %s: auth failed, "set <KEY>", the key never printed', async (kind, reply) => {
    const s = kind === 'openai' ? await openai(reply) : await anthropic(reply);
    const r = await doctor(['--judge', kind], kind === 'openai' ? envFor(s) : envFor(undefined, s));
    expect(r.code).toBe(2);
    expect(s.requests).toHaveLength(1); // no retries
    const keyEnv = kind === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    expect(r.stderr).toMatch(new RegExp(`review-judge doctor: ${kind}:\\S+ failed \\(auth\\): HTTP 401: .*; fix: set ${keyEnv} to a valid key`));
    expect(r.stdout).toContain('auth FAILED');
    expectNoKey(r);
  });

  it.each([
    ['openai:gpt-5-mini', { type: 'status', status: 404, body: { error: { message: 'The model `gpt-5-mini` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } } }, 'use --judge openai:gpt-6.1-terra'],
    ['anthropic:claude-sonnet-5-5', { type: 'status', status: 404, body: { type: 'error', error: { type: 'not_found_error', message: 'model: claude-sonnet-5-5' } } }, 'the endpoint does not serve claude-sonnet-5-5: check the key\'s access to it and ANTHROPIC_BASE_URL'],
  ] as Array<[string, Reply, string]>)('on a 404 from %s: model failed, with the fix', async (judge, reply, fix) => {
    const kind = judge.split(':')[0]!;
    const s = kind === 'openai' ? await openai(reply) : await anthropic(reply);
    const r = await doctor(['--judge', judge, '--json'], kind === 'openai' ? envFor(s) : envFor(undefined, s));
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout).judges[0];
    expect(j).toMatchObject({ ok: false, status: 'HTTP 404', checks: { auth: 'ok', model: 'failed' }, latencyMs: null, servedModel: null, usage: null, costUsd: null });
    expect(j.error).toContain('HTTP 404');
    expect(r.stderr).toMatch(/failed \(model\): HTTP 404: .*; fix: /);
    expect(r.stderr).toContain(`fix: ${fix}`);
    expectNoKey(r);
  });

  it('on a down server: "the server is down", naming --base-url, for each judge of a panel', async () => {
    const port = await closedPort();
    const r = await doctor(['--judge', 'openai-compatible:llama3.1', '--judge', 'openai', '--base-url', `http://127.0.0.1:${port}/v1`, '--timeout-ms', '2000'], { OPENAI_API_KEY: OPENAI_KEY });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^review-judge doctor: openai-compatible:llama3\.1 failed \(no answer\): unreachable: connection failed after 1 attempt: .*ECONNREFUSED.*; fix: the server is down or unreachable: check --base-url/);
    expect(lines[1]).toMatch(/^review-judge doctor: openai:gpt-6-luna failed \(no answer\): .*fix: the server is down or unreachable: check --base-url/);
    expect(r.stdout).toContain('2 judges checked: 0 ok, 2 failed');
    expectNoKey(r);
  });

  it('on a 403: auth failed, naming the key\'s permissions; on a hang: timeout after --timeout-ms, no retry', async () => {
    const o = await openai({ type: 'status', status: 403 }, { type: 'hang' });
    const denied = await doctor(['--judge', 'openai'], envFor(o));
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/failed \(auth\): HTTP 403: .*; fix: the key in OPENAI_API_KEY has no access to gpt-6-luna/);
    const slow = await doctor(['--judge', 'openai', '--timeout-ms', '300'], envFor(o));
    expect(slow.code).toBe(2);
    expect(slow.stderr).toMatch(/failed \(no answer\): timeout: no answer within 300 ms \(1 attempt\); fix: no answer within the timeout: check the server \(OPENAI_BASE_URL: /);
    expect(o.requests).toHaveLength(2);
  });

  it('a shut-down model fails without a request, naming the replacement', async () => {
    const o = await openai(ok);
    const r = await doctor(['--judge', 'openai:o4-mini', '--judge', 'openai'], envFor(o));
    expect(r.code).toBe(2);
    expect(o.requests).toHaveLength(1); // only the current one was called
    expect(r.stdout).toContain('openai:gpt-6-luna: ok');
    expect(r.stderr).toMatch(/review-judge doctor: openai:o4-mini failed \(model\): shut down: the model was shut down on 2026-10-23 \(requests fail with 404\); fix: use --judge openai:gpt-5\.6-terra/);
  });

  it('a missing key fails without a request: "set OPENAI_API_KEY"', async () => {
    const a = await anthropic(ok);
    const r = await doctor(['--judge', 'openai', '--judge', 'anthropic'], { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: a.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/review-judge doctor: openai:gpt-6-luna failed \(auth\): missing key: .*needs OPENAI_API_KEY.*; fix: set OPENAI_API_KEY/);
    expect(a.requests).toHaveLength(1);
  });

  it('an answer outside the detection schema fails structured output', async () => {
    const o = await openai({ type: 'json', outputs: [{ reasoning: 'x', evidence: [], verdict: 'maybe' }] });
    const r = await doctor(['--judge', 'openai', '--json'], envFor(o));
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout).judges[0];
    expect(j.checks).toMatchObject({ auth: 'ok', model: 'ok', structuredOutput: 'failed' });
    expect(j.error).toContain('does not match the detection schema (verdict');
  });

  it('no judge configured is a usage error', async () => {
    const r = await doctor([], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no judge configured');
  });
});
