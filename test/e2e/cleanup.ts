/** One afterEach for the e2e tests: every fake server a test started is closed and every temp folder removed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** Something with a close that never hangs (the fake servers). */
interface Closable {
  close(): Promise<void>;
}

/** Registers the cleanup in the calling test file; `server` and `dir` hand back what they track. */
export function cleanupAfterEach(): { server<S extends Closable>(s: S): S; dir(prefix: string): string } {
  const servers: Closable[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    server: (s) => (servers.push(s), s),
    dir: (prefix) => {
      const d = mkdtempSync(path.join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
  };
}
