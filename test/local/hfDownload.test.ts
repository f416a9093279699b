/**
 * `local:hf:<owner>/<repo>/<file>.gguf` against a fake Hub and CDN on real sockets
 * (test/fakes/fakeHfHub.ts): downloaded once into the models folder with progress lines and the
 * Hub's sha256 checked, served from there afterwards without a request, resumed with a Range request
 * after a cut, and every refusal one line that never holds the token.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { modelsFolder, resolveModelFile } from '../../src/judge/providers/local/resolveModelFile.ts';
import { cleanupAfterEach } from '../e2e/cleanup.ts';
import { sha256Of, startFakeHfHub, type FakeHfHub } from '../fakes/fakeHfHub.ts';

const track = cleanupAfterEach();
const TOKEN = 'hf_secretTOKEN1234567890';
// 300 kB of bytes that differ along the file, so a wrong offset on resume changes the sha256.
// It starts with a GGUF v3 header: a downloaded file that is not GGUF is refused after the download.
const GGUF_V3 = Buffer.from([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0]);
const MODEL = Buffer.concat([GGUF_V3, Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff))]);
const SPEC = 'hf:acme/tiny-GGUF/tiny-Q4_K_M.gguf';

async function hub(extra: Parameters<typeof startFakeHfHub>[0] = {}): Promise<FakeHfHub> {
  return track.server(await startFakeHfHub({ 'acme/tiny-GGUF': { files: { 'tiny-Q4_K_M.gguf': { bytes: MODEL } } }, ...extra }));
}

function setup(h: FakeHfHub, env: Record<string, string> = {}) {
  const home = track.dir('rj-hf-');
  const lines: string[] = [];
  const e = { HOME: home, HF_ENDPOINT: h.endpoint, ...env };
  const resolve = (spec = SPEC, more: { offline?: boolean; dryRun?: boolean } = {}) => resolveModelFile(spec, { cwd: home, env: e, offline: more.offline ?? false, ...(more.dryRun ? { dryRun: true } : {}), status: (l) => lines.push(l) });
  return { home, lines, resolve, folder: modelsFolder(e) };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  const msg = (e as Error).message;
  expect(msg).not.toMatch(/\n/);
  expect(msg).not.toContain(TOKEN);
  return msg;
}

describe('local:hf: download', () => {
  it('downloads once into the documented folder with progress and the sha256 checked; the second resolve sends nothing', async () => {
    const h = await hub();
    const s = setup(h);
    const got = await s.resolve();
    expect(s.folder).toBe(path.join(s.home, '.cache', 'review-judge', 'models'));
    expect(got.path).toBe(path.join(s.folder, 'acme', 'tiny-GGUF', 'tiny-Q4_K_M.gguf'));
    expect(got.sha256).toBe(sha256Of(MODEL));
    expect(readFileSync(got.path).equals(MODEL)).toBe(true);
    expect(existsSync(`${got.path}.part`)).toBe(false);
    expect(s.lines.filter((l) => /^downloading tiny-Q4_K_M\.gguf \[[#.]{20}\] \d+% of 300\.0 kB$/.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(s.lines.at(-2)).toMatch(/100% of 300\.0 kB$/);
    expect(s.lines.at(-1)).toMatch(/sha256 [0-9a-f]{64} checked/);
    // The Hub HEAD, then the CDN GET: the resolve URL of huggingface_hub's template.
    expect(h.requests.map((r) => `${r.server} ${r.method} ${r.path}`)).toEqual(['hub HEAD /acme/tiny-GGUF/resolve/main/tiny-Q4_K_M.gguf', `cdn GET /blobs/${sha256Of(MODEL)}`]);

    const sent = h.requests.length;
    const again = await s.resolve();
    expect(again).toEqual({ path: got.path, sha256: got.sha256 });
    expect(h.requests.length).toBe(sent);
    // --offline and --dry-run read the downloaded file the same way.
    expect((await s.resolve(SPEC, { offline: true })).sha256).toBe(got.sha256);
  });

  it('resumes an interrupted download with a Range request and checks the whole file', async () => {
    const h = await hub();
    const s = setup(h);
    h.cutNextAfter(120_000);
    const broke = await refusal(s.resolve());
    expect(broke).toMatch(/the download broke after \d+ bytes .*run again to resume from .*tiny-Q4_K_M\.gguf\.part$/);
    const file = path.join(s.folder, 'acme', 'tiny-GGUF', 'tiny-Q4_K_M.gguf');
    const kept = readFileSync(`${file}.part`).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(MODEL.length);
    expect(existsSync(file)).toBe(false);

    const got = await s.resolve();
    const gets = h.requests.filter((r) => r.server === 'cdn');
    expect(gets.map((r) => r.headers.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(got.sha256).toBe(sha256Of(MODEL));
    expect(readFileSync(file).equals(MODEL)).toBe(true);
    expect(s.lines.some((l) => l.endsWith(`(resumed at ${(kept / 1e3).toFixed(1)} kB)`))).toBe(true);
  });

  it('finishes a part that already holds every byte without asking for a range past the end', async () => {
    const h = await hub();
    const s = setup(h);
    const file = path.join(s.folder, 'acme', 'tiny-GGUF', 'tiny-Q4_K_M.gguf');
    await s.resolve('hf:acme/tiny-GGUF/nothing.gguf').catch(() => undefined); // makes the folder
    writeFileSync(`${file}.part`, MODEL);
    const got = await s.resolve();
    expect(got.sha256).toBe(sha256Of(MODEL));
    expect(h.requests.filter((r) => r.server === 'cdn')).toEqual([]);
  });

  it('refuses a file whose bytes do not match the Hub sha256 in one line and keeps nothing as if valid', async () => {
    const bad = Buffer.from(MODEL);
    bad[1000] = bad[1000]! ^ 0xff;
    const h = await hub({ 'acme/corrupt-GGUF': { files: { 'm.gguf': { bytes: MODEL, served: bad } } } });
    const s = setup(h);
    const msg = await refusal(s.resolve('hf:acme/corrupt-GGUF/m.gguf'));
    expect(msg).toBe(`judge local:hf:acme/corrupt-GGUF/m.gguf: the downloaded file's sha256 ${sha256Of(bad)} is not the Hub's ${sha256Of(MODEL)}: deleted; run again to download it afresh`);
    expect(readdirSync(path.join(s.folder, 'acme', 'corrupt-GGUF'))).toEqual([]);
    // Nothing remembered a digest for it either.
    expect(existsSync(path.join(s.folder, 'digests.json')) ? readFileSync(path.join(s.folder, 'digests.json'), 'utf8') : '').not.toContain('corrupt');
  });

  it('refuses in one line when offline: --offline before any request, an unreachable Hub naming the host', async () => {
    const h = await hub();
    const s = setup(h);
    expect(await refusal(s.resolve(SPEC, { offline: true }))).toMatch(/the model is not downloaded yet \(.*tiny-Q4_K_M\.gguf\) and --offline sends nothing: run once without --offline to download it$/);
    expect(h.requests).toEqual([]);
    const endpoint = h.endpoint;
    await h.close();
    const gone = setup({ ...h, endpoint });
    expect(await refusal(gone.resolve())).toMatch(new RegExp(`cannot reach 127\\.0\\.0\\.1:\\d+ to download the model \\(ECONNREFUSED\\); connect, or pass a local file`));
  });

  it('--dry-run downloads nothing and plans with an unknown digest', async () => {
    const h = await hub();
    const s = setup(h);
    expect(await s.resolve(SPEC, { dryRun: true })).toMatchObject({ sha256: 'not-downloaded', absent: true });
    expect(h.requests).toEqual([]);
  });

  it('tells a missing repository, a missing file and a gated repository apart by X-Error-Code, in one line without the token', async () => {
    const h = await hub({ 'acme/gated-GGUF': { files: { 'g.gguf': { bytes: MODEL } }, gatedToken: 'hf_the_granted_one' } });
    const anon = setup(h);
    expect(await refusal(anon.resolve('hf:acme/no-such-repo/x.gguf'))).toMatch(/no such repository on the Hub \(HTTP 401, RepoNotFound\): check <owner>\/<repo>; a private repository needs HF_TOKEN$/);
    expect(await refusal(anon.resolve('hf:acme/tiny-GGUF/missing.gguf'))).toMatch(/no such file in the repository \(HTTP 404, EntryNotFound\)/);
    expect(await refusal(anon.resolve('hf:acme/gated-GGUF/g.gguf'))).toMatch(/refused the download \(HTTP 401, GatedRepo\): accept its licence on the Hub and set HF_TOKEN/);
    const withToken = setup(h, { HF_TOKEN: TOKEN });
    expect(await refusal(withToken.resolve('hf:acme/no-such-repo/x.gguf'))).toMatch(/HTTP 404, RepoNotFound/);
    expect(await refusal(withToken.resolve('hf:acme/gated-GGUF/g.gguf'))).toMatch(/HTTP 403, GatedRepo/);
    expect([...anon.lines, ...withToken.lines].join('\n')).not.toContain(TOKEN);
  });

  it('sends HF_TOKEN to the Hub only, never to the CDN it redirects to (a presigned URL refuses a second credential)', async () => {
    const h = await hub({ 'acme/gated-GGUF': { files: { 'g.gguf': { bytes: MODEL } }, gatedToken: TOKEN } });
    const s = setup(h, { HF_TOKEN: TOKEN });
    const got = await s.resolve('hf:acme/gated-GGUF/g.gguf');
    expect(got.sha256).toBe(sha256Of(MODEL));
    expect(h.requests.map((r) => [r.server, r.headers.authorization])).toEqual([
      ['hub', `Bearer ${TOKEN}`],
      ['cdn', undefined],
    ]);
    expect(s.lines.join('\n')).not.toContain(TOKEN);
  });
});
