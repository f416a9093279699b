/**
 * A runs folder the storage refuses after the requests were paid for (a disk that fills up, a quota,
 * a folder turned read-only), through the CLI with an injected file-system edge (`Edges.files`): exit
 * 2 with one line saying what was kept (the votes bought are in the cache, with its path) and how to
 * finish (free space, run the same command: no paid request for cached votes); the folder never looks
 * finished (no run.json, no verdicts or reports); the same command then asks nothing. Only the
 * storage's refusals (ENOSPC, EDQUOT, EROFS, EACCES) are exit 2: any other write failure is a bug (4).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunFiles } from '../../src/types/Edges.ts';
import { cleanupAfterEach } from '../e2e/cleanup.ts';
import { runCli } from '../e2e/runCli.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { refusingFiles, reportedRunDir, ROUND, runFolders, scanCache, stableBrain } from './faultKit.ts';

const cleanup = cleanupAfterEach();

type Refuse = Parameters<typeof refusingFiles>[0];
const named = (name: string, op: keyof RunFiles, code: string): Refuse => (o, f) => (o === op && path.basename(f) === name ? code : null);

/** Scores the small round with `files` as the runs folder's edge, then again on the real file system. */
async function scoreTwice(files: RunFiles) {
  const work = cleanup.dir('rj-fault-full-');
  const runs = path.join(work, 'runs');
  const server = cleanup.server(await startFakeOpenAI(stableBrain()));
  const argv = ['score', ROUND, '--round', '1', '--judge', 'openai-compatible:m', '--base-url', `${server.url}/v1`, '--runs-dir', runs];
  const first = await runCli(argv, {}, { cwd: work, files });
  const paid = server.requests.length;
  const folders = runFolders(runs);
  const again = await runCli(argv, {}, { cwd: work });
  return { first, paid, folders, again, asked: server.requests.length - paid, cache: path.join(runs, 'cache') };
}

const KEPT = (code: string, file: string) =>
  new RegExp(`^review-judge: .*${file.replace('.', '\\.')}: cannot write the run folder \\(${code}\\); kept: the (\\d+) votes answered in this run are in the vote cache (.+); to finish: free space, then run the same command \\(it makes no paid request for cached votes\\)$`, 'm');

describe('the runs folder refuses writes after the requests were paid for', () => {
  it.each<[string, Refuse, string, string]>([
    ['the disk is full from the first summary on (verdicts.json)', (o) => (o === 'writeAtomic' ? 'ENOSPC' : null), 'ENOSPC', 'verdicts.json'],
    ['the quota runs out mid-run (log.jsonl after 5 lines), the judging goes on', ((n = 0) => (o: keyof RunFiles, f: string) => (o === 'append' && path.basename(f) === 'log.jsonl' && ++n > 5 ? 'EDQUOT' : null))(), 'EDQUOT', 'log.jsonl'],
    ['the folder turns read-only for the last file (run.json): the reports written are taken back', named('run.json', 'writeAtomic', 'EROFS'), 'EROFS', 'run.json'],
    ['permission is lost at report.html', named('report.html', 'writeAtomic', 'EACCES'), 'EACCES', 'report.html'],
  ])('%s: exit 2, one line with the cache path and how to finish; the same command pays nothing', async (_name, refuse, code, file) => {
    const files = refusingFiles(refuse);
    const r = await scoreTwice(files);
    expect(r.first.code, r.first.stderr).toBe(2);
    expect(files.refused.length).toBeGreaterThan(0);
    const m = KEPT(code, file).exec(r.first.stderr);
    expect(m, r.first.stderr).not.toBeNull();
    expect(r.first.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.first.stdout).toBe('');
    // What the line says was kept is in the cache, where it says.
    expect(m![2]).toBe(r.cache);
    const scan = scanCache(r.cache);
    expect(scan.corrupt).toEqual([]);
    expect(scan.entries).toHaveLength(Number(m![1]));
    expect(Number(m![1])).toBe(r.paid);
    // Never a finished run: only the appended files stay, no temp file is left behind.
    expect(r.folders).toHaveLength(1);
    expect(readdirSync(r.folders[0]!).filter((f) => !['log.jsonl', 'votes.jsonl'].includes(f))).toEqual([]);
    // The same command on a disk with space: no request, a finished run.
    expect(r.again.code, r.again.stderr).toBe(0);
    expect(r.asked).toBe(0);
    expect(existsSync(path.join(reportedRunDir(r.again.stderr), 'run.json'))).toBe(true);
  });

  it('a run folder that cannot even be made (EACCES at mkdir) is exit 2 before any request', async () => {
    const r = await scoreTwice(refusingFiles((o) => (o === 'mkdir' ? 'EACCES' : null)));
    expect(r.first.code).toBe(2);
    expect(r.first.stderr).toMatch(/^review-judge: .*: cannot write the run folder \(EACCES\): free space \(or pick a writable --runs-dir\) and run the same command again$/m);
    expect(r.paid).toBe(0);
    expect(r.again.code).toBe(0);
  });

  it('a write failure that is not the storage refusing (EIO) is not passed off as one: exit 4, a bug to report', async () => {
    const r = await scoreTwice(refusingFiles(named('verdicts.json', 'writeAtomic', 'EIO')));
    expect(r.first.code).toBe(4);
    expect(r.first.stderr).toContain('internal error: EIO');
  });

  it('in a nightly, the round whose folder is refused is one input error; the other rounds are scored', async () => {
    const work = cleanup.dir('rj-fault-full-nightly-');
    const server = cleanup.server(await startFakeOpenAI(workflowJudge()));
    let refusedOnce = false;
    const files = refusingFiles((o, f) => (o === 'writeAtomic' && path.basename(f) === 'verdicts.json' && !refusedOnce ? ((refusedOnce = true), 'ENOSPC') : null));
    const env = { OPENAI_API_KEY: 'sk-test-full-01', OPENAI_BASE_URL: `${server.url}/v1` };
    const r = await runCli(['score', WORKFLOW_ROOT, '--all-rounds', '--runs-dir', path.join(work, 'runs'), '--judge', 'openai:gpt-4.1-mini'], env, { cwd: work, files });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^review-judge: .* round \d: .*verdicts\.json: cannot write the run folder \(ENOSPC\); kept: /m);
    expect(r.stderr).toContain('3 rounds scored: 2 ok, 0 with unscored units, 0 below a threshold, 1 input errors');
  });
});
