/**
 * Imports node-llama-cpp at the first local judge call, never before: API users need not install it.
 * It is looked for in the folder the README's install command fills, then where Node finds packages
 * (a project install, e.g. with the GPU builds): the folder (`local-judge/node_modules`, CPU build only, ~80 MB instead of the
 * ~730 MB a plain install brings with its GPU builds).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../../../errors.ts';
import type { LlamaModule } from './llamaBindings.ts';
import { LOCAL_RUNTIME } from './localRequest.ts';

/** The package root (src/ and dist/ are both four folders below it). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The folder `npm run local-judge:install` installs into. */
export const LOCAL_JUDGE_PREFIX = path.join(PACKAGE_ROOT, 'local-judge');

/** The one-line fix when the module is missing. */
export const INSTALL_HINT = 'run `npm run local-judge:install` (CPU build, ~80 MB) in the review-judge folder, or `npm install node-llama-cpp@3.21.1` for the GPU builds too';

const loaded = new Map<string, Promise<LlamaModule>>();

/** The module, or an InputError saying how to install it. `prefix` and `bare` are for tests. */
export function loadLlamaModule(prefix = LOCAL_JUDGE_PREFIX, bare = 'node-llama-cpp'): Promise<LlamaModule> {
  const key = `${prefix}\u0000${bare}`;
  let p = loaded.get(key);
  if (!p) {
    p = importModule(prefix, bare).catch((e: unknown) => {
      loaded.delete(key);
      throw e;
    });
    loaded.set(key, p);
  }
  return p;
}

async function importModule(prefix: string, name: string): Promise<LlamaModule> {
  const inPrefix = path.join(prefix, 'node_modules', name, 'package.json');
  if (existsSync(inPrefix)) {
    checkVersion(inPrefix);
    return (await import(pathToFileURL(entryOf(inPrefix)).href)) as LlamaModule;
  }
  const found = packageJsonAbove(PACKAGE_ROOT, name);
  if (found) checkVersion(found);
  try {
    // A variable keeps tsc from resolving the optional package at build time.
    return (await import(name)) as LlamaModule;
  } catch (e) {
    if (isMissing(e)) throw new InputError(`local judges need node-llama-cpp, which is not installed: ${INSTALL_HINT}`);
    throw e;
  }
}

/**
 * The cache key names the pinned runtime (LOCAL_RUNTIME): another version may sample other answers
 * for the same key, so it is refused before it is imported.
 */
function checkVersion(pkgJson: string): void {
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: unknown };
  const pinned = LOCAL_RUNTIME.slice(LOCAL_RUNTIME.lastIndexOf('@') + 1);
  if (version !== pinned) throw new InputError(`${pkgJson} is node-llama-cpp ${String(version)}, but local judges are pinned to ${pinned} (their cached votes are keyed on it): ${INSTALL_HINT}`);
}

/** The package.json Node would resolve `name` to from `dir` (node_modules folders upwards), if any. */
function packageJsonAbove(dir: string, name: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const p = path.join(d, 'node_modules', name, 'package.json');
    if (existsSync(p)) return p;
    if (path.dirname(d) === d) return null;
  }
}

/** The ESM entry file a package.json names (`exports["."].import`, else `main`). */
function entryOf(pkgJson: string): string {
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { main?: string; exports?: Record<string, unknown> };
  const dot = pkg.exports?.['.'];
  const entry = typeof dot === 'string' ? dot : ((dot as { import?: unknown; default?: unknown } | undefined)?.import ?? (dot as { default?: unknown } | undefined)?.default);
  const rel = typeof entry === 'string' ? entry : typeof entry === 'object' && entry ? String((entry as { default?: unknown }).default) : (pkg.main ?? 'index.js');
  return path.join(path.dirname(pkgJson), rel);
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
