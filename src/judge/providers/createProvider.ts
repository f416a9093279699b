/** Turns `--judge <kind>[:<model>]` plus the environment into a configured Provider. */
import { InputError } from '../../errors.ts';
import type { Provider, ProviderKind } from '../../types/Provider.ts';
import type { ModelEntry } from '../../types/ModelCatalogue.ts';
import { PLACEHOLDER_API_KEY } from './openaiProvider.ts';
import { PROVIDERS, providerEntry } from './registry.ts';

import { DEFAULT_MAX_RETRIES, DEFAULT_MODELS, DEFAULT_TIMEOUT_MS } from './defaults.ts';

export { DEFAULT_MAX_RETRIES, DEFAULT_MODELS, DEFAULT_TIMEOUT_MS };

/** Environment variables read; pass `process.env` merged with a loaded .env file. */
export type ProviderEnv = Readonly<Record<string, string | undefined>>;

/** Command-line settings that override the environment. */
export interface CreateProviderOptions {
  /** `--base-url`: wins over OPENAI_BASE_URL / ANTHROPIC_BASE_URL / JUDGE_BASE_URL. */
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** `--offline`/`--dry-run`: nothing will be sent, so a missing key is not an error. */
  keyOptional?: boolean;
  /** The model's catalogue entry and the effort to send (hosted kinds), from `resolveJudgeModel`. */
  entry?: ModelEntry;
  effort?: string | null;
  /** A local judge's resolved model file and engine settings (`localJudgeInit`). */
  local?: import('./local/localJudgeOptions.ts').LocalInit;
}

/** A parsed `--judge` value. */
export interface JudgeSpec {
  kind: ProviderKind;
  model: string;
}

const ACCEPTED =
  'use openai[:<model>], anthropic[:<model>], openai-compatible:<model>, local:<path.gguf> or local:hf:<owner>/<repo>/<file>.gguf ' +
  `(e.g. openai:${DEFAULT_MODELS.openai}, anthropic:${DEFAULT_MODELS.anthropic}, openai-compatible:llama3.1)`;

/** Parses `kind[:model]`; the model may itself contain colons (Ollama tags like `llama3.1:8b`). */
export function parseJudgeSpec(spec: string): JudgeSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const model = colon === -1 ? '' : trimmed.slice(colon + 1).trim();
  const entry = providerEntry(kind);
  if (!entry) throw new InputError(`unknown judge "${spec}": ${ACCEPTED}`);
  if (model !== '') return { kind: entry.kind, model };
  if (colon !== -1 || entry.defaultModel === null) {
    throw new InputError(`judge "${spec}" names no model: ${ACCEPTED}`);
  }
  return { kind: entry.kind, model: entry.defaultModel };
}

function read(env: ProviderEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function checkedURL(url: string, source: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // fall through to the InputError
  }
  // The URL itself is never echoed when it may carry a secret: only what is wrong with it.
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new InputError(`${source} is not an http(s) URL: "${publicBaseURL(url)}"`);
  if (parsed.username || parsed.password) {
    // The SDKs send no user info (every request failed after its retries) and it would reach files.
    throw new InputError(`${source} carries a user name or password, which the judge SDKs do not send: remove it and put the key in the judge's key variable (OPENAI_API_KEY, ANTHROPIC_API_KEY or JUDGE_API_KEY)`);
  }
  if (parsed.search) {
    // The SDKs append their paths after the base URL, so a query string breaks every request; its values often hold keys.
    throw new InputError(`${source} has a query string (${[...parsed.searchParams.keys()].join(', ')}): the judge SDKs append their paths after the base URL; remove it (put a key in the judge's key variable)`);
  }
  return url;
}

function requireKey(env: ProviderEnv, name: string, judge: string, optional = false): string {
  const key = read(env, name);
  if (key) return key;
  if (optional) return PLACEHOLDER_API_KEY;
  throw new InputError(
    `judge ${judge} needs ${name}: set it in the environment or in a .env file in the working directory ` +
      `(or point --base-url at a server that needs no key and use openai-compatible:<model>; --dry-run and --offline need no key).`,
  );
}

/** A base URL fit for manifests and cache keys: user info and query values (where keys hide) removed. */
export function publicBaseURL(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password && !u.search) return url;
    u.username = '';
    u.password = '';
    for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, 'redacted');
    return u.toString();
  } catch {
    return url;
  }
}

/** Builds the provider for a `--judge` value, reading keys and base URLs from `env` only. */
export function createProvider(spec: string, env: ProviderEnv, opts: CreateProviderOptions & { modelUse?: Provider['modelUse'] } = {}): Provider {
  const provider = createRawProvider(spec, env, opts);
  // The SDK still talks to the full URL; only what is recorded loses the credentials.
  return { ...provider, baseURL: publicBaseURL(provider.baseURL), ...(opts.modelUse ? { modelUse: opts.modelUse } : {}) };
}

function createRawProvider(spec: string, env: ProviderEnv, opts: CreateProviderOptions): Provider {
  const { kind, model } = parseJudgeSpec(spec);
  const entry = PROVIDERS[kind];
  const judge = `${kind}:${model}`;
  // An in-process model has no server, key or URL to read.
  if (kind === 'local') return entry.create({ model, apiKey: '', timeoutMs: 0, maxRetries: 0, ...(opts.local ? { local: opts.local } : {}) });
  const url = opts.baseURL?.trim() || read(env, entry.baseUrlEnv);
  const baseURL = url === undefined ? undefined : checkedURL(url, opts.baseURL?.trim() ? '--base-url' : entry.baseUrlEnv);
  if (entry.baseUrlRequired && !baseURL) {
    throw new InputError(`judge ${judge} needs a server URL: pass --base-url <url> or set ${entry.baseUrlEnv} in the environment or a .env file.`);
  }
  const apiKey = entry.keyRequired ? requireKey(env, entry.keyEnv, judge, opts.keyOptional) : (read(env, entry.keyEnv) ?? PLACEHOLDER_API_KEY);
  return entry.create({
    model,
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: opts.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.entry && entry.catalogued ? { entry: opts.entry, effort: opts.effort ?? null } : {}),
  });
}
