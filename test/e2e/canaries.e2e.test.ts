/**
 * Secrets canaries: keys planted in the environment, in a .env file and in base URLs must reach no
 * file, no stdout and no stderr of any command that writes or prints (score, a nightly, replay,
 * compare, import, agree, calibrate, doctor, models). The keys are really used (the fake server sees
 * them) and echoed back by a 401 for one unit, as providers do. (Issue 12's canary case; the index of
 * the fault cases is test/faults/README.md.)
 */
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { HISTORY_FILES } from '../fixtures/history-root/historyRoot.ts';
import { RELIABILITY, WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const CANARY = { openai: 'sk-canary-env-7f3e91', judge: 'canary-judge-key-4b1d', dotenv: 'sk-canary-dotenv-2c8a', url: 'canary-url-pass-9e5f', query: 'canary-query-6a0c' };
const REPO = path.resolve(import.meta.dirname, '../..');

let server: FakeServer | undefined;
let work: string | undefined;
const cleanup = cleanupAfterEach();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets canaries', () => {
  it('no planted key reaches any file or stream of any command', async () => {
    const judge = workflowJudge();
    // One unit answers 401 echoing the key, as providers do; everything else is answered.
    server = cleanup.server(await startFakeOpenAI((body, i) => (JSON.stringify(body).includes('- ID: P02') && i > 20 ? { type: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${CANARY.openai}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } } : judge(body, i))));
    work = cleanup.dir('rj-canary-');
    const runs = path.join(work, 'runs');
    const env = { OPENAI_API_KEY: CANARY.openai, OPENAI_BASE_URL: `${server.url}/v1`, JUDGE_API_KEY: CANARY.judge };
    const outputs: string[] = [];
    const cli = async (argv: string[], e: Record<string, string> = env) => {
      const r = await runCli(argv, e, { cwd: work! });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    expect((await cli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini'])).code).toBe(0);
    await cli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', runs, '--judge', 'openai:gpt-4.1-mini', '--fresh']);
    await cli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`]);
    const dirs = readdirSync(runs).filter((d) => d !== 'cache').map((d) => path.join(runs, d));
    await cli(['replay', ...dirs]);
    await cli(['compare', dirs[0]!]);
    await cli(['compare', dirs[0]!, dirs[1]!]);
    // The history commands: import writes runs, agree reads them, calibrate judges (with the key) and writes calibration files.
    const history = path.join(work, 'history');
    for (const series of ['reliability-design', 'security-design']) {
      cpSync(path.join(WORKFLOW_ROOT, series), path.join(history, series), { recursive: true, filter: (f) => !f.endsWith('.ts') });
      cpSync(path.join(HISTORY_FILES, series), path.join(history, series), { recursive: true });
    }
    const imported = path.join(work, 'imported');
    expect((await cli(['import', history, '--runs-dir', imported])).code).toBe(0);
    await cli(['agree', dirs[0]!, imported, '--json']);
    await cli(['agree', dirs[0]!]);
    const before = server.requests.length;
    await cli(['calibrate', history, '--sample', '2', '--judge', 'openai:gpt-4.1-mini', '--runs-dir', runs]);
    expect(server.requests.length).toBeGreaterThan(before);
    expect(readdirSync(runs).some((d) => d.includes('-calibrate-'))).toBe(true);
    await cli(['doctor', '--judge', 'openai:gpt-4.1-mini', '--json']);
    await cli(['models']);
    // Credentials in a base URL are refused at start without being echoed.
    for (const url of [`http://user:${CANARY.url}@127.0.0.1:9/v1`, `http://127.0.0.1:9/v1?api-key=${CANARY.query}`]) {
      const r = await cli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', 'openai-compatible:m', '--base-url', url]);
      expect(r.code).toBe(2);
    }
    // The key really went out.
    expect(server.requests.some((q) => q.headers.authorization === `Bearer ${CANARY.openai}`)).toBe(true);
    const texts = [...filesUnder(work).map((f) => readFileSync(f, 'latin1')), ...outputs];
    for (const c of Object.values(CANARY)) for (const t of texts) expect(t.includes(c), c).toBe(false);
  });

  it('a key from a .env file reaches no file or stream either (the bin, as a user runs it)', async () => {
    server = cleanup.server(await startFakeOpenAI(workflowJudge()));
    work = cleanup.dir('rj-canary-env-');
    writeFileSync(path.join(work, '.env'), `OPENAI_API_KEY=${CANARY.dotenv}\nOPENAI_BASE_URL=${server.url}/v1\n`);
    const args = [path.join(REPO, 'bin/review-judge.js'), 'score', RELIABILITY, '--round', '1', '--runs-dir', 'runs', '--judge', 'openai:gpt-4.1-mini'];
    const out = await new Promise<{ code: number; text: string }>((resolve, reject) =>
      execFile(process.execPath, args, { cwd: work, env: { PATH: process.env.PATH ?? '', HOME: work }, timeout: 25_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, text: stdout + stderr });
      }),
    );
    expect(out.code).toBe(0);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY.dotenv}`);
    const texts = [...filesUnder(path.join(work, 'runs')).map((f) => readFileSync(f, 'latin1')), out.text];
    for (const t of texts) expect(t.includes(CANARY.dotenv)).toBe(false);
  });
});
