/**
 * Downloads a model file once, resumably, checking its sha256, the way huggingface_hub does
 * (file_download.py `get_hf_file_metadata` / `http_get`): a HEAD of the `resolve` URL that follows
 * only same-host redirects (a renamed repository) and stops at the CDN redirect, whose headers carry
 * the LFS file's sha256 (`X-Linked-Etag`, else `ETag`) and size (`X-Linked-Size`, else
 * `Content-Length`); then a GET of the CDN URL without the token (a presigned URL takes no other
 * credentials), continuing a `.part` file with `Range: bytes=<have>-`. Errors are told apart by the
 * Hub's `X-Error-Code` header, as `hf_raise_for_status` (utils/_http.py) does.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../../../errors.ts';

/** What a download needs from outside. */
export interface DownloadOptions {
  judge: string;
  status?: (line: string) => void;
  fetch?: typeof fetch;
  /** HF_TOKEN, for gated repositories; sent to the Hub's host only, never logged. */
  token?: string | undefined;
}

/** What the Hub's HEAD said about the file. */
interface FileMeta {
  sha256: string;
  size: number | null;
  /** Where the bytes are (the CDN URL, or the resolve URL itself for a file served directly). */
  location: string;
}

/** Same-host redirects followed by the HEAD (huggingface_hub follows relative ones only). */
const MAX_HUB_REDIRECTS = 5;

/** Downloads `url` to `file` (via `file.part`) and returns the checked sha256. */
export async function downloadFile(url: string, file: string, opts: DownloadOptions): Promise<string> {
  const f = opts.fetch ?? fetch;
  const hubOrigin = new URL(url).origin;
  const auth = (target: string): Record<string, string> => (opts.token && new URL(target).origin === hubOrigin ? { authorization: `Bearer ${opts.token}` } : {});
  const meta = await headOf(url, hubOrigin, f, auth, opts.judge);
  const part = `${file}.part`;
  let have = existsSync(part) ? statSync(part).size : 0;
  if (meta.size !== null && have > meta.size) {
    unlinkSync(part);
    have = 0;
  }
  // A part as long as the file was cut between the last byte and the rename: only the check is left.
  if (meta.size === null || have < meta.size) await fetchInto(meta, part, have, f, auth, opts, path.basename(file));
  const sha256 = await sha256OfFile(part);
  if (sha256 !== meta.sha256) {
    unlinkSync(part);
    throw new InputError(`judge ${opts.judge}: the downloaded file's sha256 ${sha256} is not the Hub's ${meta.sha256}: deleted; run again to download it afresh`);
  }
  renameSync(part, file);
  return sha256;
}

async function headOf(url: string, hubOrigin: string, f: typeof fetch, auth: (t: string) => Record<string, string>, judge: string): Promise<FileMeta> {
  let at = url;
  for (let hops = 0; ; hops++) {
    let head: Response;
    try {
      head = await f(at, { method: 'HEAD', redirect: 'manual', headers: { ...auth(at), 'accept-encoding': 'identity' } });
    } catch (e) {
      throw new InputError(`judge ${judge}: cannot reach ${new URL(at).host} to download the model (${reasonOf(e)}); connect, or pass a local file: --judge local:<path.gguf>`);
    }
    const location = head.headers.get('location');
    const next = location ? new URL(location, at).href : null;
    if (head.status >= 300 && head.status < 400 && next && new URL(next).origin === hubOrigin && !head.headers.get('x-linked-etag')) {
      if (hops >= MAX_HUB_REDIRECTS) throw new InputError(`judge ${judge}: the Hub redirected ${MAX_HUB_REDIRECTS} times without naming the file; check <owner>/<repo>/<file>.gguf`);
      at = next;
      continue;
    }
    if (head.status >= 400) throw new InputError(`judge ${judge}: ${hubError(head.status, head.headers.get('x-error-code'))}`);
    const expected = (head.headers.get('x-linked-etag') ?? head.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(expected)) throw new InputError(`judge ${judge}: the Hub gave no sha256 for the file (HTTP ${head.status}; not an LFS file?), so it cannot be checked: download it yourself and pass --judge local:<path.gguf>`);
    const size = Number(head.headers.get('x-linked-size') ?? head.headers.get('content-length') ?? NaN);
    return { sha256: expected, size: Number.isFinite(size) && size > 0 ? size : null, location: head.status >= 300 && head.status < 400 && next ? next : at };
  }
}

/** One line for a Hub refusal, by its X-Error-Code (the status alone does not tell a missing repository from a gated one). */
function hubError(status: number, code: string | null): string {
  if (code === 'RepoNotFound') return `no such repository on the Hub (HTTP ${status}, RepoNotFound): check <owner>/<repo>; a private repository needs HF_TOKEN`;
  if (code === 'EntryNotFound') return `no such file in the repository (HTTP ${status}, EntryNotFound): check the file name (the Hub's "Files" tab lists them)`;
  if (code === 'RevisionNotFound') return `the repository has no main revision (HTTP ${status}, RevisionNotFound)`;
  if (code === 'GatedRepo' || status === 401 || status === 403) return `the repository refused the download (HTTP ${status}${code ? `, ${code}` : ''}): accept its licence on the Hub and set HF_TOKEN to a token with access`;
  if (status === 404) return `no such file on the Hub (HTTP 404): check <owner>/<repo>/<file>.gguf`;
  return `the Hub answered HTTP ${status}; run again later`;
}

async function fetchInto(meta: FileMeta, part: string, have: number, f: typeof fetch, auth: (t: string) => Record<string, string>, opts: DownloadOptions, name: string): Promise<void> {
  let res: Response;
  try {
    res = await f(meta.location, { headers: { ...auth(meta.location), ...(have > 0 ? { range: `bytes=${have}-` } : {}) } });
  } catch (e) {
    throw new InputError(`judge ${opts.judge}: the download broke (${reasonOf(e)}); run again to resume${have ? ` from ${part}` : ''}`);
  }
  if (res.status === 416 && have > 0) {
    // The part is not a prefix of this file (the size was unknown): start again.
    await res.body?.cancel();
    unlinkSync(part);
    return fetchInto(meta, part, 0, f, auth, opts, name);
  }
  if (!res.ok || !res.body) throw new InputError(`judge ${opts.judge}: the download failed (HTTP ${res.status}); run again to retry`);
  const resumed = res.status === 206 && have > 0;
  if (resumed && !(res.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`)) {
    // A 206 for another range than asked (RFC 9110 §14.4): appending it would corrupt the part.
    await res.body.cancel();
    unlinkSync(part);
    return fetchInto(meta, part, 0, f, auth, opts, name);
  }
  const size = meta.size;
  let got = resumed ? have : 0;
  let shown = -1;
  const progress = (n: number) => {
    got += n;
    const pct = size ? Math.floor((100 * got) / size) : -1;
    if (pct >= 0 && Math.floor(pct / 5) > Math.floor(shown / 5)) {
      shown = pct;
      const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
      opts.status?.(`downloading ${name} [${bar}] ${pct}% of ${formatBytes(size!)}${resumed ? ` (resumed at ${formatBytes(have)})` : ''}`);
    }
  };
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  let broke: unknown;
  try {
    for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      if (!out.write(chunk)) await once(out, 'drain');
      progress((chunk as Buffer).length);
    }
  } catch (e) {
    broke = e;
  }
  // Ended, not destroyed, on a break too: what arrived is flushed to the part, so the next run resumes after it.
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  if (broke) throw new InputError(`judge ${opts.judge}: the download broke after ${got} bytes (${reasonOf(broke)}); run again to resume from ${part}`);
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `fetch failed` says nothing: undici puts the socket error (ECONNREFUSED, ENOTFOUND…) in its cause. */
function reasonOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}
