/**
 * Downloads a model file once, resumably, checking its sha256. Hugging Face's `resolve` endpoint
 * answers a LFS file with a redirect whose headers carry the file's sha256 (`X-Linked-Etag`) and size
 * (`X-Linked-Size`) (huggingface_hub's file_download.py reads the same headers); the redirect target
 * serves byte ranges, so an interrupted download continues from its `.part` file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../../../errors.ts';

/** What a download needs from outside. */
export interface DownloadOptions {
  judge: string;
  status?: (line: string) => void;
  fetch?: typeof fetch;
  /** HF_TOKEN, for gated repositories; sent to the endpoint only, never logged. */
  token?: string | undefined;
}

/** Downloads `url` to `file` (via `file.part`) and returns the checked sha256. */
export async function downloadFile(url: string, file: string, opts: DownloadOptions): Promise<string> {
  const f = opts.fetch ?? fetch;
  const auth: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  let head: Response;
  try {
    head = await f(url, { method: 'HEAD', redirect: 'manual', headers: auth });
  } catch (e) {
    throw new InputError(`judge ${opts.judge}: cannot reach ${new URL(url).host} to download the model (${(e as Error).message}); connect, or pass a local file: --judge local:<path.gguf>`);
  }
  if (head.status === 401 || head.status === 403) throw new InputError(`judge ${opts.judge}: the repository refused the download (HTTP ${head.status}): accept its licence on the Hub and set HF_TOKEN`);
  if (head.status === 404) throw new InputError(`judge ${opts.judge}: no such file on the Hub (HTTP 404): check <owner>/<repo>/<file>.gguf`);
  const expected = (head.headers.get('x-linked-etag') ?? head.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new InputError(`judge ${opts.judge}: the Hub gave no sha256 for the file (HTTP ${head.status}), so it cannot be checked: download it yourself and pass --judge local:<path.gguf>`);
  const size = Number(head.headers.get('x-linked-size') ?? head.headers.get('content-length') ?? NaN);
  const target = head.status >= 300 && head.status < 400 ? new URL(head.headers.get('location') ?? url, url).href : url;
  const part = `${file}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  let res: Response;
  try {
    // Credentials go to the Hub only, not to the storage host it redirects to.
    res = await f(target, { headers: { ...(target === url ? auth : {}), ...(have > 0 ? { range: `bytes=${have}-` } : {}) } });
  } catch (e) {
    throw new InputError(`judge ${opts.judge}: the download broke (${(e as Error).message}); run again to resume from ${part}`);
  }
  if (!res.ok || !res.body) throw new InputError(`judge ${opts.judge}: the download failed (HTTP ${res.status}); run again to retry`);
  const resumed = res.status === 206 && have > 0;
  let got = resumed ? have : 0;
  let shown = -1;
  const progress = (n: number) => {
    got += n;
    const pct = Number.isFinite(size) && size > 0 ? Math.floor((100 * got) / size) : -1;
    if (pct >= 0 && Math.floor(pct / 5) > Math.floor(shown / 5)) {
      shown = pct;
      const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
      opts.status?.(`downloading ${file.split(/[\\/]/).pop()} [${bar}] ${pct}% of ${(size / 1e9).toFixed(2)} GB${resumed ? ' (resumed)' : ''}`);
    }
  };
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (c: Buffer) => progress(c.length));
  try {
    await pipeline(body, createWriteStream(part, { flags: resumed ? 'a' : 'w' }));
  } catch (e) {
    throw new InputError(`judge ${opts.judge}: the download broke after ${got} bytes (${(e as Error).message}); run again to resume from ${part}`);
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  if (sha256 !== expected) {
    unlinkSync(part);
    throw new InputError(`judge ${opts.judge}: the downloaded file's sha256 ${sha256} is not the Hub's ${expected}: deleted; run again to download it afresh`);
  }
  renameSync(part, file);
  return sha256;
}
