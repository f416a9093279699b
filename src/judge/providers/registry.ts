/**
 * The provider registry: every judge kind in one table — how it is configured from the
 * environment, what it can do, what identifies it in cache keys, and how it is built. Adding a
 * kind (a batch API, an embedded model) is one row here, not edits across the code.
 */
import { InputError } from '../../errors.ts';
import type { ModelEntry } from '../../types/ModelCatalogue.ts';
import type { Provider, ProviderKind } from '../../types/Provider.ts';
import { createAnthropicProvider } from './anthropicProvider.ts';
import { DEFAULT_MODELS } from './defaults.ts';
import { createOpenAIProvider } from './openaiProvider.ts';
import { createLocalProvider } from './local/localProvider.ts';
import type { LocalInit } from './local/localJudgeOptions.ts';

/** What a judge kind's factory gets, resolved from flags and the environment. */
export interface ProviderInit {
  model: string;
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The model's catalogue entry (OpenAI and Anthropic), or none for local servers. */
  entry?: ModelEntry;
  effort?: string | null;
  /** A local judge's model file and engine settings, resolved (and downloaded) before the job plans. */
  local?: LocalInit;
}

/** One judge kind. */
export interface ProviderEntry {
  kind: ProviderKind;
  /** The model of a bare `--judge <kind>`; null when the kind has no default (a local server's model is the user's). */
  defaultModel: string | null;
  /** Environment variable holding the API key; null when the kind needs none. */
  keyEnv: string;
  /** Whether a missing key is an error (false: a local server that needs no key). */
  keyRequired: boolean;
  /** Environment variable naming the model of a bare run when the kind has no default model. */
  modelEnv?: string;
  /** Environment variable naming the server; required when the kind has no public endpoint. */
  baseUrlEnv: string;
  baseUrlRequired: boolean;
  /** What the kind can do, read by the engine instead of checks on the kind's name. */
  capabilities: {
    /** Samples one request can return (OpenAI `n`); 1 where there is none. */
    samplesPerRequest: number;
    /** Sends a prompt-cache routing key per review (OpenAI `prompt_cache_key`). */
    promptCacheKey: boolean;
  };
  /**
   * What identifies the judge in cache keys besides the request body: the kind, the model and the
   * base URL (without credentials). Another server behind the same API is another judge.
   */
  cacheIdentity: readonly ['provider', 'model', 'baseURL'];
  /** Whether the kind's models are in the model catalogue (hosted APIs); local servers' models are the user's. */
  catalogued: boolean;
  create(init: ProviderInit): Provider;
}

const IDENTITY = ['provider', 'model', 'baseURL'] as const;
const OPENAI_CAPS = { samplesPerRequest: 8, promptCacheKey: true };
const ONE_SAMPLE = { samplesPerRequest: 1, promptCacheKey: false };

/** Every judge kind `--judge <kind>:<model>` accepts, in the order a bare run picks the first configured one. */
export const PROVIDERS = {
  openai: {
    kind: 'openai',
    defaultModel: DEFAULT_MODELS.openai,
    keyEnv: 'OPENAI_API_KEY',
    keyRequired: true,
    baseUrlEnv: 'OPENAI_BASE_URL',
    baseUrlRequired: false,
    capabilities: OPENAI_CAPS,
    cacheIdentity: IDENTITY,
    catalogued: true,
    create: (init) => createOpenAIProvider({ kind: 'openai', ...init, ...OPENAI_CAPS }),
  },
  anthropic: {
    kind: 'anthropic',
    defaultModel: DEFAULT_MODELS.anthropic,
    keyEnv: 'ANTHROPIC_API_KEY',
    keyRequired: true,
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    baseUrlRequired: false,
    capabilities: ONE_SAMPLE,
    cacheIdentity: IDENTITY,
    catalogued: true,
    create: (init) => createAnthropicProvider(init),
  },
  'openai-compatible': {
    kind: 'openai-compatible',
    defaultModel: null,
    // Never OPENAI_API_KEY: that would hand an OpenAI key to whatever server the URL names.
    keyEnv: 'JUDGE_API_KEY',
    keyRequired: false,
    modelEnv: 'JUDGE_MODEL',
    baseUrlEnv: 'JUDGE_BASE_URL',
    baseUrlRequired: true,
    capabilities: ONE_SAMPLE,
    cacheIdentity: IDENTITY,
    catalogued: false,
    create: (init) => createOpenAIProvider({ kind: 'openai-compatible', ...init, ...ONE_SAMPLE }),
  },
  local: {
    kind: 'local',
    defaultModel: null,
    // No key and no server: a GGUF file run in-process (the model part is its path or hf:<owner>/<repo>/<file>).
    keyEnv: '',
    keyRequired: false,
    baseUrlEnv: '',
    baseUrlRequired: false,
    capabilities: ONE_SAMPLE,
    // The model is the file's sha256 and the base URL the constant `local`, so a moved file is the same judge.
    cacheIdentity: IDENTITY,
    catalogued: false,
    create: (init) => {
      if (!init.local) throw new Error(`local:${init.model} was not prepared (localJudgeInit) before createProvider`);
      return createLocalProvider({ id: `local:${init.model}`, ...init.local });
    },
  },
} as const satisfies Record<ProviderKind, ProviderEntry>;

/** The registry entry of a kind name, or null when no kind has that name. */
export function providerEntry(kind: string): ProviderEntry | null {
  return Object.hasOwn(PROVIDERS, kind) ? PROVIDERS[kind as ProviderKind] : null;
}

/** Every kind name, for messages. */
export const PROVIDER_KINDS = Object.keys(PROVIDERS) as ProviderKind[];

/** The judge of a run without `--judge`: the first kind the environment configures, with its default model. */
export function defaultJudgeSpec(env: Readonly<Record<string, string | undefined>>): string {
  for (const entry of Object.values(PROVIDERS) as ProviderEntry[]) {
    const model = entry.defaultModel ?? (entry.modelEnv ? env[entry.modelEnv]?.trim() : undefined);
    const configured = entry.keyRequired ? Boolean(env[entry.keyEnv]) : Boolean(entry.baseUrlEnv && env[entry.baseUrlEnv]);
    if (configured && model) return `${entry.kind}:${model}`;
  }
  throw new InputError(
    'no judge configured: pass --judge openai:<model> | anthropic:<model> | openai-compatible:<model> --base-url <url> | local:<path.gguf>, ' +
      'or set OPENAI_API_KEY, ANTHROPIC_API_KEY, or JUDGE_BASE_URL with JUDGE_MODEL (in the environment or a .env file)',
  );
}
