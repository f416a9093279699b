/** --offline and --dry-run send nothing, so they must work without an API key (e.g. replaying on a laptop). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { judgeScript } from './fakeJudge.ts';
import { runCli } from './runCli.ts';

const round = path.resolve(import.meta.dirname, '../fixtures/round-small');
const work = mkdtempSync(path.join(tmpdir(), 'rj-offline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('no API key needed when nothing is sent', () => {
  it('--offline replays a judged round without OPENAI_API_KEY; --dry-run plans without it', async () => {
    const server = await startFakeOpenAI(judgeScript(() => 'detected'));
    try {
      const base = ['score', round, '--round', '1', '--judge', 'openai:gpt-4.1-mini', '--runs-dir', path.join(work, 'runs')];
      const judged = await runCli(base, { OPENAI_API_KEY: 'sk-test-offline-012345', OPENAI_BASE_URL: `${server.url}/v1` });
      expect(judged.code, judged.stderr).toBe(0);
      const sent = server.requests.length;
      const offline = await runCli([...base, '--offline'], { OPENAI_BASE_URL: `${server.url}/v1` });
      expect(offline.code, offline.stderr).toBe(0);
      const dry = await runCli([...base, '--dry-run'], { OPENAI_BASE_URL: `${server.url}/v1` });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/openai:gpt-4\.1-mini\s+12\s+36\s+36\s+0/);
      expect(server.requests.length).toBe(sent);
      const online = await runCli(base, { OPENAI_BASE_URL: `${server.url}/v1` });
      expect(online.code).toBe(2);
      expect(online.stderr).toContain('OPENAI_API_KEY');
    } finally {
      await server.close();
    }
  });
});
