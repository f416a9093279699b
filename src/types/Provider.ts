import type { JudgeFailureKind } from '../errors.ts';
import type { BatchEntry, BatchEntryResult, BatchLookup, BatchStatus } from './Batch.ts';

/** The three parts of every judge prompt, in the order that lets providers cache the prefix. */
export interface JudgePrompt {
  /** Fixed instructions (system): identical for every call of one template. */
  instructions: string;
  /** The fenced review: identical bytes for every unit of that review. */
  review: string;
  /** The unit-specific part (problem and criteria, or the audit inputs). */
  task: string;
}

/** The JSON schema a judge must answer in, with its name (providers need one). */
export interface OutputSchema {
  name: string;
  /** Plain JSON schema (strict-mode compatible: every property required, no additional properties). */
  jsonSchema: Record<string, unknown>;
}

/** A request as it goes on the wire, without credentials: what the cache key covers. */
export interface ProviderRequest {
  /** The JSON body minus the sample count (`n`), which is not part of a vote's identity. */
  body: Record<string, unknown>;
  /** How many samples this one request asks for (OpenAI `n`; 1 elsewhere). */
  samples: number;
  /**
   * Names the cacheable prompt prefix the request shares with others (one review's); providers that
   * route by it send it (OpenAI `prompt_cache_key`). Like `n`, not part of the cache key: it changes
   * where a request is served, not what it answers.
   */
  cacheHint?: string;
  /**
   * The cache keys of the votes these samples are, in order: a local model seeds each sample from its
   * vote's key, so a vote is reproducible. Like `n`, not part of the key itself.
   */
  voteKeys?: string[];
}

/** Token usage of one request, normalised across SDKs. */
export interface Usage {
  /** All prompt tokens, cached reads and cache writes included (Anthropic's three fields summed). */
  inputTokens: number;
  outputTokens: number;
  /** Part of inputTokens read from the provider's prompt cache. */
  cachedInputTokens: number;
  /** Part of inputTokens written to the provider's prompt cache. */
  cacheWriteTokens: number;
}

/** One sample of a request: the model's raw text, or why there is none. */
export type SampleResult =
  | { ok: true; rawText: string }
  | { ok: false; kind: JudgeFailureKind; message: string; rawText?: string };

/** What a provider returns for one request. Whole-request failures throw JudgeError instead. */
export interface ProviderResult {
  samples: SampleResult[];
  /** The raw response body as JSON, kept in the cache entry. */
  raw: unknown;
  usage: Usage;
  latencyMs: number;
  /** Set when the request went out in a fallback shape: `json_object` where the server rejected json_schema. */
  fallback?: 'json_object';
}

/** A judge's output-token limits: what a request gets unless its task asks for more, and the most any may ask. */
export interface OutputTokens {
  /** Sent by default (the catalogue's outputBudget, or the kind's default). */
  budget: number;
  /** The model's documented maximum; equal to `budget` when none is documented (local servers, unlisted models). */
  max: number;
}

/** Provider kinds accepted by `--judge <kind>:<model>`. */
export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'local';

/** A configured judge model behind one SDK client. */
export interface Provider {
  /** `kind:model`, as the user wrote it after defaults were applied. */
  readonly id: string;
  readonly kind: ProviderKind;
  readonly model: string;
  /** Effective base URL (part of the cache key: another server is another judge). */
  readonly baseURL: string;
  /** Largest `n` one request may ask for; 1 where the endpoint has no `n`. */
  readonly maxSamplesPerRequest: number;
  /** How the model is used (hosted kinds): from the catalogue or inferred by family, and the effort sent. */
  readonly modelUse?: { catalogued: boolean; inferredFrom?: string; effort: string | null; reasoning: boolean };
  /** Output-token limits, where the provider lets a task choose its budget (both SDK providers do). */
  readonly outputTokens?: OutputTokens;
  /**
   * Pure: the wire body for this prompt and schema (no credentials, no `n`). `maxOutputTokens` replaces
   * the default budget (clamped to `outputTokens.max`); it is part of the body, so of the cache key.
   */
  buildRequest(prompt: JudgePrompt, schema: OutputSchema, samples: number, maxOutputTokens?: number): ProviderRequest;
  /** The provider's batch API (OpenAI, Anthropic); absent where there is none (local servers). */
  readonly batch?: BatchApi;
  /** Sends it; SDK retries and timeout apply. Throws JudgeError when no sample could be had. */
  send(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult>;
  /**
   * Told of every request the job plans before the first is sent (local judges: the context is sized
   * once for the longest, so it is never remade, which would drop the KV cache); absent elsewhere.
   */
  reserve?(request: ProviderRequest): void;
}

/** A judge's batch API: the provider's endpoints behind one shape (OpenAI Batch + Files, Anthropic Message Batches). */
export interface BatchApi {
  /** Per-batch limits: requests, and bytes of the request payload. */
  readonly limits: { requests: number; bytes: number };
  /** Bytes one entry adds to a batch's payload (its JSONL line, or its element of the requests list). */
  entryBytes(entry: BatchEntry): number;
  /** The wire body of a planned request, exactly as the interactive path sends it (`n`, prompt-cache routing). */
  wireBody(request: ProviderRequest): Record<string, unknown>;
  /** Creates one batch of these entries; `tag` names it at the provider where it takes metadata. */
  create(entries: BatchEntry[], tag: string, signal?: AbortSignal): Promise<BatchStatus>;
  /** The batch created with `tag` at or after `since` holding `count` entries, if the provider has one. */
  find(tag: string, since: Date, count: number, signal?: AbortSignal): Promise<BatchLookup>;
  retrieve(id: string, signal?: AbortSignal): Promise<BatchStatus>;
  /** Every entry's outcome of an ended batch. */
  results(id: string, signal?: AbortSignal): Promise<BatchEntryResult[]>;
  cancel(id: string, signal?: AbortSignal): Promise<void>;
  /** After results are kept: removes what the batch left at the provider (OpenAI's input, output and error files), best effort. */
  cleanup?(id: string, signal?: AbortSignal): Promise<void>;
  /** Reads one succeeded entry's response body as the interactive path reads an answer. */
  read(raw: unknown): { samples: SampleResult[]; usage: Usage; raw: unknown };
}
