/**
 * A fake Hugging Face Hub and its CDN on real sockets, as strict as the real pair on what
 * review-judge's download relies on:
 *
 * - Hub, `GET|HEAD /<owner>/<repo>/resolve/<revision>/<file>` (huggingface_hub `hf_hub_url`,
 *   constants.py `HUGGINGFACE_CO_URL_TEMPLATE = ENDPOINT + "/{repo_id}/resolve/{revision}/{filename}"`,
 *   ENDPOINT from `HF_ENDPOINT`). An LFS file answers 302 to a signed CDN URL with `X-Linked-Etag`
 *   (the file's sha256, quoted) and `X-Linked-Size`, plus `X-Repo-Commit` (file_download.py
 *   `get_hf_file_metadata` reads exactly these, the HEAD not following the CDN redirect). Errors carry
 *   `X-Error-Code` as `hf_raise_for_status` (utils/_http.py) reads it: an unknown repository is 401
 *   `RepoNotFound` without a token (the Hub does not tell a missing repository from a private one) and
 *   404 with one; a missing file 404 `EntryNotFound`; another revision 404 `RevisionNotFound`; a gated
 *   repository 401 `GatedRepo` without a token, 403 with a token not granted access.
 * - CDN, `GET /blobs/<sha256>?X-Amz-Signature=…`: refuses an unsigned URL (403) and a request that
 *   also carries `Authorization` (400: a presigned URL allows one auth mechanism; huggingface_hub
 *   drops the header before following the redirect for this reason), honours `Range: bytes=N-`
 *   with 206 and `Content-Range`, and answers 416 with `Content-Range: bytes *\/size` for a start at or
 *   beyond the end (RFC 9110 §14.4, §15.5.17). It can be told to cut the next body after N bytes.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One file the fake Hub holds. */
export interface HubFile {
  bytes: Buffer;
  /** Serve these bytes from the CDN instead (the sha256 header still names `bytes`): a corrupt mirror. */
  served?: Buffer;
}

/** A repository: its files by path, and whether it is gated (then `token` is the one granted access). */
export interface HubRepo {
  files: Record<string, HubFile>;
  gatedToken?: string;
}

/** One request either server saw. */
export interface HubRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A running fake Hub: its endpoint (HF_ENDPOINT), what it saw, and test controls. */
export interface FakeHfHub {
  endpoint: string;
  requests: HubRequest[];
  /** The next CDN body is cut (socket destroyed) after this many bytes. */
  cutNextAfter(bytes: number): void;
  close(): Promise<void>;
}

/** The sha256 of bytes, as the Hub's X-Linked-Etag carries it. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const COMMIT = 'a'.repeat(40);

/** Starts the Hub and its CDN on two ports (two hosts to the client). */
export async function startFakeHfHub(repos: Record<string, HubRepo>): Promise<FakeHfHub> {
  const requests: HubRequest[] = [];
  const blobs = new Map<string, Buffer>();
  for (const repo of Object.values(repos)) for (const f of Object.values(repo.files)) blobs.set(sha256Of(f.bytes), f.served ?? f.bytes);
  let cut: number | null = null;
  const sockets = new Set<Socket>();
  const track = (s: Server) => s.on('connection', (c: Socket) => (sockets.add(c), c.on('close', () => sockets.delete(c))));

  const cdn = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cdn');
    requests.push({ server: 'cdn', method: req.method ?? '', path: url.pathname, headers: req.headers });
    const blob = /^\/blobs\/([0-9a-f]{64})$/.exec(url.pathname) ? blobs.get(url.pathname.slice(7)) : undefined;
    if (!url.searchParams.get('X-Amz-Signature')) return void res.writeHead(403).end('AccessDenied: request is not signed');
    if (req.headers.authorization) return void res.writeHead(400).end('InvalidArgument: Only one auth mechanism allowed');
    if (!blob) return void res.writeHead(404).end('NoSuchKey');
    const range = req.headers.range;
    let start = 0;
    if (range !== undefined) {
      const m = /^bytes=(\d+)-$/.exec(range);
      if (!m) return void res.writeHead(400).end('unsupported range');
      start = Number(m[1]);
      if (start >= blob.length) return void res.writeHead(416, { 'content-range': `bytes */${blob.length}` }).end();
    }
    const body = blob.subarray(start);
    const headers = { 'content-length': String(body.length), 'accept-ranges': 'bytes', ...(range !== undefined ? { 'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}` } : {}) };
    res.writeHead(range !== undefined ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    if (cut !== null) {
      const n = cut;
      cut = null;
      res.write(body.subarray(0, n), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
  track(cdn);
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  const cdnBase = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;

  const hub = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    requests.push({ server: 'hub', method: req.method ?? '', path: url.pathname, headers: req.headers });
    const fail = (status: number, code: string, message: string) =>
      void res.writeHead(status, { 'x-error-code': code, 'x-error-message': message, 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : JSON.stringify({ error: message }));
    const m = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) return fail(404, 'RepoNotFound', 'Repository not found');
    const [, owner, name, revision, file] = m.map((s) => decodeURIComponent(s));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const repo = repos[`${owner}/${name}`];
    if (!repo) return token ? fail(404, 'RepoNotFound', 'Repository not found') : fail(401, 'RepoNotFound', 'Invalid username or password.');
    if (repo.gatedToken !== undefined && token !== repo.gatedToken) return token ? fail(403, 'GatedRepo', 'Access to model is restricted') : fail(401, 'GatedRepo', 'Access to model is restricted. You must have access to it and be authenticated to access it.');
    if (revision !== 'main') return fail(404, 'RevisionNotFound', 'Invalid rev id: ' + revision);
    const f = repo.files[file!];
    if (!f) return fail(404, 'EntryNotFound', 'Entry not found');
    const sha = sha256Of(f.bytes);
    res.writeHead(302, {
      location: `${cdnBase}/blobs/${sha}?X-Amz-Signature=fake&X-Amz-Expires=3600`,
      'x-linked-etag': `"${sha}"`,
      'x-linked-size': String(f.bytes.length),
      'x-repo-commit': COMMIT,
      etag: `"${createHash('sha1').update(f.bytes).digest('hex')}"`,
      'content-length': '0',
    });
    res.end();
  });
  track(hub);
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));

  return {
    endpoint: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`,
    requests,
    cutNextAfter: (n) => void (cut = n),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        let open = 2;
        for (const s of [hub, cdn]) s.close(() => --open === 0 && resolve());
      }),
  };
}
