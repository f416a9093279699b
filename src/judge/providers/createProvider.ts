/** Turns `--judge <kind>[:<model>]` plus the environment into a configured Provider. */
import { InputError } from '../../errors.ts';
import type { Provider, ProviderKind } from '../../types/Provider.ts';
import { createAnthropicProvider } from './anthropicProvider.ts';
import { createOpenAIProvider, PLACEHOLDER_API_KEY } from './openaiProvider.ts';

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
}

/** A parsed `--judge` value. */
export interface JudgeSpec {
  kind: ProviderKind;
  model: string;
}

const ACCEPTED =
  'use openai[:<model>], anthropic[:<model>] or openai-compatible:<model> ' +
  `(e.g. openai:${DEFAULT_MODELS.openai}, anthropic:${DEFAULT_MODELS.anthropic}, openai-compatible:llama3.1)`;

/** Parses `kind[:model]`; the model may itself contain colons (Ollama tags like `llama3.1:8b`). */
export function parseJudgeSpec(spec: string): JudgeSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const model = colon === -1 ? '' : trimmed.slice(colon + 1).trim();
  if (kind !== 'openai' && kind !== 'anthropic' && kind !== 'openai-compatible') {
    throw new InputError(`unknown judge "${spec}": ${ACCEPTED}`);
  }
  if (model !== '') return { kind, model };
  if (colon !== -1 || kind === 'openai-compatible') {
    throw new InputError(`judge "${spec}" names no model: ${ACCEPTED}`);
  }
  return { kind, model: DEFAULT_MODELS[kind] };
}

function read(env: ProviderEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function checkedURL(url: string, source: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // fall through to the InputError
  }
  throw new InputError(`${source} is not an http(s) URL: "${url}"`);
}

function requireKey(env: ProviderEnv, name: string, judge: string, optional = false): string {
  const key = read(env, name);
  if (key) return key;
  if (optional) return PLACEHOLDER_API_KEY;
  throw new InputError(
    `judge ${judge} needs ${name}: set it in the environment or in a .env file in the working directory ` +
      `(or point --base-url at a server that needs no key and use openai-compatible:<model>).`,
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
export function createProvider(spec: string, env: ProviderEnv, opts: CreateProviderOptions = {}): Provider {
  const provider = createRawProvider(spec, env, opts);
  // The SDK still talks to the full URL; only what is recorded loses the credentials.
  return { ...provider, baseURL: publicBaseURL(provider.baseURL) };
}

function createRawProvider(spec: string, env: ProviderEnv, opts: CreateProviderOptions): Provider {
  const { kind, model } = parseJudgeSpec(spec);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  const judge = `${kind}:${model}`;
  const common = { model, timeoutMs, maxRetries, ...(opts.fetch ? { fetch: opts.fetch } : {}) };
  const urlFrom = (envName: string): string | undefined => {
    const url = opts.baseURL?.trim() || read(env, envName);
    return url === undefined ? undefined : checkedURL(url, opts.baseURL?.trim() ? '--base-url' : envName);
  };

  switch (kind) {
    case 'openai': {
      const apiKey = requireKey(env, 'OPENAI_API_KEY', judge, opts.keyOptional);
      const baseURL = urlFrom('OPENAI_BASE_URL');
      return createOpenAIProvider({ kind, apiKey, ...(baseURL ? { baseURL } : {}), ...common });
    }
    case 'anthropic': {
      const apiKey = requireKey(env, 'ANTHROPIC_API_KEY', judge, opts.keyOptional);
      const baseURL = urlFrom('ANTHROPIC_BASE_URL');
      return createAnthropicProvider({ apiKey, ...(baseURL ? { baseURL } : {}), ...common });
    }
    case 'openai-compatible': {
      const baseURL = urlFrom('JUDGE_BASE_URL');
      if (!baseURL) {
        throw new InputError(
          `judge ${judge} needs a server URL: pass --base-url <url> or set JUDGE_BASE_URL in the environment or a .env file.`,
        );
      }
      // Never OPENAI_API_KEY: that would hand an OpenAI key to whatever server the URL names.
      const apiKey = read(env, 'JUDGE_API_KEY') ?? PLACEHOLDER_API_KEY;
      return createOpenAIProvider({ kind, apiKey, baseURL, ...common });
    }
  }
}
