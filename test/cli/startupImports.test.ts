/**
 * What a process loads, seen by a module resolve hook in a child: `--help` loads no SDK, zod or
 * pino, and a provider loads its own SDK at its first request and never the other one. Runs the
 * build in dist/ (`npm test` rebuilds it first), as the bin does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './cliTestKit.ts';

const HOOKS = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  // Written before the import it belongs to can finish, so a read after an await sees it.
  appendFileSync(log, r.url + '\\n');
  return r;
}
`;

const REGISTER = `
import { register } from 'node:module';
register(new URL('./hooks.mjs', import.meta.url), { data: { log: process.env.RESOLVE_LOG } });
`;

// Phases of one provider's life; the child prints the packages loaded after each, as JSON.
const PROVIDER_CHILD = `
import { readFileSync } from 'node:fs';
const packages = () => [...new Set(readFileSync(process.env.RESOLVE_LOG, 'utf8').split('\\n').flatMap((u) => {
  const m = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(.*)$/.exec(u);
  // The entry and client files apart: openai/helpers/zod (the schemas) loads part of the package, not its client.
  return m ? [m[1], ...(m[2] === 'index.mjs' || m[2] === 'client.mjs' ? [m[1] + '/' + m[2]] : [])] : [];
}))].sort();
const { createProvider } = await import(process.env.DIST + '/judge/providers/createProvider.js');
const [kind] = process.argv.slice(2);
const env = { OPENAI_API_KEY: 'test-key-openai', ANTHROPIC_API_KEY: 'test-key-anthropic', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' };
const provider = createProvider(kind + ':some-model', env, { maxRetries: 0, timeoutMs: 5000 });
const request = provider.buildRequest({ instructions: 'i', review: 'r', task: 't' }, { name: 's', jsonSchema: { type: 'object' } }, 1);
const afterBuild = packages();
let error;
try { await provider.send(request); } catch (e) { error = e.name + ': ' + e.message; }
const afterSend = packages();
process.stdout.write(JSON.stringify({ afterBuild, afterSend, error }));
`;

interface Loaded {
  afterBuild: string[];
  afterSend: string[];
  error?: string;
}

let dir: string;

function node(args: string[], log: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, RESOLVE_LOG: log, DIST: pathToFileURL(path.join(REPO, 'dist')).href };
  delete env.NODE_OPTIONS; // vitest's loader options must not leak into the child
  delete env.REVIEW_JUDGE_TSX;
  writeFileSync(log, '');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', path.join(dir, 'register.mjs'), ...args], { cwd: REPO, env, timeout: 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && (error.killed || typeof error.code !== 'number')) reject(new Error(`node ${args.join(' ')} did not exit normally: ${stderr}`));
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

describe('start-up imports', () => {
  let helpUrls: string[];
  let openai: Loaded;
  let anthropic: Loaded;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rj-imports-'));
    writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(path.join(dir, 'register.mjs'), REGISTER);
    writeFileSync(path.join(dir, 'provider.mjs'), PROVIDER_CHILD);
    const [help, o, a] = await Promise.all([
      node([path.join(REPO, 'bin/review-judge.js'), '--help'], path.join(dir, 'help.log')),
      node([path.join(dir, 'provider.mjs'), 'openai'], path.join(dir, 'openai.log')),
      node([path.join(dir, 'provider.mjs'), 'anthropic'], path.join(dir, 'anthropic.log')),
    ]);
    for (const r of [help, o, a]) expect(r.code, r.stderr).toBe(0);
    helpUrls = readFileSync(path.join(dir, 'help.log'), 'utf8').split('\n').filter(Boolean);
    openai = JSON.parse(o.stdout) as Loaded;
    anthropic = JSON.parse(a.stdout) as Loaded;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help runs from dist/ and loads commander, no SDK, zod or pino', () => {
    expect(helpUrls.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(helpUrls.some((u) => u.includes('/node_modules/commander/'))).toBe(true);
    expect(helpUrls.some((u) => u.includes('/node_modules/tsx/'))).toBe(false);
    for (const pkg of ['openai', '@anthropic-ai/sdk', 'zod', 'pino']) {
      expect(helpUrls.filter((u) => u.includes(`/node_modules/${pkg}/`)), pkg).toEqual([]);
    }
  });

  it('an OpenAI judge loads its SDK at the first request, never the Anthropic one', () => {
    expect(openai.afterBuild).not.toContain('openai/index.mjs');
    expect(openai.afterSend).toContain('openai/index.mjs');
    expect([...openai.afterBuild, ...openai.afterSend]).not.toContain('@anthropic-ai/sdk');
  });

  it('an Anthropic judge loads its SDK at the first request, never the OpenAI client', () => {
    expect(anthropic.afterBuild).not.toContain('@anthropic-ai/sdk');
    expect(anthropic.afterSend).toContain('@anthropic-ai/sdk');
    expect([...anthropic.afterBuild, ...anthropic.afterSend]).not.toContain('openai/index.mjs');
    expect([...anthropic.afterBuild, ...anthropic.afterSend]).not.toContain('openai/client.mjs');
  });

  it("SDK errors are still mapped with the lazily loaded SDK's classes", () => {
    expect(openai.error).toMatch(/^JudgeError: openai:some-model: connection failed after 1 attempt: /);
    expect(anthropic.error).toMatch(/^JudgeError: anthropic:some-model: connection failed after 1 attempt: /);
  });
});
