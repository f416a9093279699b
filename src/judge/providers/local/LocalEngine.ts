/**
 * One loaded model and one context sequence shared by every request of a local judge. Requests are
 * served one at a time in PrefixQueue's order, so a review's prefix is evaluated once; another vote
 * of the same unit reuses the whole prompt. Prompts are
 * evaluated in fixed stages (system, review, task but its last token, last token with the first
 * sample) whether or not a stage is reused, so an answer does not depend on what came before it.
 */
import { JudgeError } from '../../../errors.ts';
import type { JudgePrompt, OutputSchema } from '../../../types/Provider.ts';
import { chatmlSegments, CHATML_TOKENS, type PromptSegment } from './chatml.ts';
import type { Llama, LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel, LlamaModule, Token } from './llamaBindings.ts';
import { LOCAL_SAMPLING } from './localRequest.ts';
import { PrefixQueue } from './PrefixQueue.ts';

/** How the engine runs (not part of any cache key). */
export interface LocalEngineOptions {
  modelPath: string;
  /** CPU threads; null: one less than the machine's math cores (at least one). */
  threads: number | null;
  /** GPU backend: 'auto' (llama.cpp picks; CPU when no GPU build is installed) or off. */
  gpu: 'auto' | 'off' | 'cuda' | 'vulkan' | 'metal';
  loadModule: () => Promise<LlamaModule>;
  /** Status lines (model loading, context size). */
  status?: (line: string) => void;
  clock?: () => number;
}

/** What one generation did, for usage, logs and the cache entry (token counts measured by the sequence's token meter). */
export interface GenerationStats {
  promptTokens: number;
  /** Prompt tokens read from the sequence's KV cache: the prompt less the evaluated tokens. */
  reusedTokens: number;
  /** Prompt tokens evaluated by this request. */
  evaluatedTokens: number;
  /** Prefix tokens (system + review) evaluated by this request. */
  prefixEvaluated: number;
  outputTokens: number;
  stopReason: string;
  contextSize: number;
  ms: number;
}

/**
 * A context is made this much larger than the prompt that needed it, in multiples of 1024 tokens, and
 * at least MIN_CONTEXT (an audit prompt is longer than the detection prompt that usually comes first;
 * growing the context drops the KV cache).
 */
const HEADROOM = 1.25;
const MIN_CONTEXT = 8192;

export class LocalEngine {
  private llama?: Llama;
  private model?: LlamaModel;
  private context?: LlamaContext;
  private sequence?: LlamaContextSequence;
  private completion?: LlamaCompletion;
  private loading?: Promise<void>;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private readonly queue = new PrefixQueue();
  private readonly clock: () => number;
  /** The longest prompt the job planned (by characters plus output budget), tokenized when the first context is made. */
  private reserved?: { prompt: JudgePrompt; maxTokens: number; weight: number };
  /** Totals over the job, for the summary line. */
  readonly totals = { requests: 0, promptTokens: 0, reusedTokens: 0, outputTokens: 0, evalMs: 0 };

  /** `--threads` as given (null: chosen from the machine when the model loads). */
  get threadsSetting(): number | null {
    return this.opts.threads;
  }

  constructor(private readonly opts: LocalEngineOptions) {
    this.clock = opts.clock ?? (() => performance.now());
  }

  /**
   * Notes a planned request before any is sent; the first context is sized for the longest one, so a
   * longer prompt later (an audit after the first detection prompt) does not remake it and drop the KV cache.
   */
  reserve(prompt: JudgePrompt, maxTokens: number): void {
    // Characters/4 picks the candidate; the context is sized from its exact token count.
    const weight = (prompt.instructions.length + prompt.review.length + prompt.task.length) / 4 + maxTokens;
    if (!this.reserved || weight > this.reserved.weight) this.reserved = { prompt, maxTokens, weight };
  }

  /** Generates one answer under the schema's grammar; serialised with every other request. */
  async generate(prompt: JudgePrompt, schema: OutputSchema, maxTokens: number, seed: number, signal?: AbortSignal): Promise<{ text: string; stats: GenerationStats }> {
    await this.load();
    const ids = { promptId: prompt.instructions + '\u0000' + prompt.review + '\u0000' + prompt.task, prefixId: prompt.instructions + '\u0000' + prompt.review, instructionsId: prompt.instructions };
    return this.queue.run(ids, () => this.run(prompt, schema, maxTokens, seed, signal));
  }

  /** Loads the runtime and the model once (later calls wait for the first). */
  load(): Promise<void> {
    return (this.loading ??= this.loadOnce().catch((e: unknown) => {
      this.loading = undefined;
      throw e;
    }));
  }

  /** Frees the model and context (the process may exit without it). */
  async dispose(): Promise<void> {
    await this.context?.dispose();
    await this.model?.dispose();
    await this.llama?.dispose();
  }

  private async loadOnce(): Promise<void> {
    const m = await this.opts.loadModule();
    const started = this.clock();
    // build 'never': a missing prebuilt binary is an error, never a compile of llama.cpp at run time.
    const gpu = this.opts.gpu === 'off' ? false : this.opts.gpu;
    this.llama = await m.getLlama({ build: 'never', gpu, logLevel: 'error', progressLogs: false });
    let shown = -1;
    this.model = await this.llama.loadModel({
      modelPath: this.opts.modelPath,
      gpuLayers: this.opts.gpu === 'off' ? 0 : 'auto',
      onLoadProgress: (p) => {
        const pct = Math.floor(p * 10) * 10;
        if (pct > shown) this.opts.status?.(`local judge: loading ${this.opts.modelPath} ${(shown = pct)}%`);
      },
    });
    for (const t of CHATML_TOKENS) {
      const ids = this.model.tokenize(t, true);
      if (ids.length !== 1) throw new JudgeError(`${this.opts.modelPath} has no ${t} token: local judges wrap prompts in ChatML; use an instruction model trained on it (e.g. Qwen)`, 'api-error', undefined, { fatal: { status: 400, fix: 'use a ChatML instruction model (README: Local judge)' } });
    }
    const where = this.llama.gpu ? `${this.llama.gpu}, ${this.model.gpuLayers} layers offloaded` : 'CPU';
    this.opts.status?.(`local judge: ${this.opts.modelPath} loaded in ${((this.clock() - started) / 1000).toFixed(1)} s (${where}, ${this.threads()} threads, context up to ${this.model.trainContextSize} tokens)`);
  }

  private threads(): number {
    return this.opts.threads ?? Math.max(1, (this.llama?.cpuMathCores ?? 2) - 1);
  }

  /**
   * The prompt's tokens by stage (system, review, task), BOS first when llama.cpp would prepend it
   * (LlamaCompletion prepends it itself: it is then not passed to it, see run). SentencePiece
   * vocabularies put a space before every text tokenized alone; llama.cpp puts one only before the
   * first, so later texts are tokenized without it ('trimLeadingSpace', LlamaModel.tokenize).
   */
  private stageTokens(prompt: JudgePrompt): { stages: [Token[], Token[], Token[]]; bos: boolean } {
    const model = this.model!;
    const bos = model.tokens.bos != null && (model.vocabularyType === 'wpm' || (model.vocabularyType !== 'rwkv' && model.vocabularyType !== 'ugm' && model.tokens.shouldPrependBosToken));
    const seg = chatmlSegments(prompt);
    let first = true;
    const tok = (segments: PromptSegment[]) =>
      segments.flatMap((s) => {
        if ('special' in s) return model.tokenize(s.special, true);
        const t = first ? model.tokenize(s.text, false) : model.tokenize(s.text, false, 'trimLeadingSpace');
        first = false;
        return t;
      });
    const system = [...(bos ? [model.tokens.bos!] : []), ...tok(seg.prefix.slice(0, -1))];
    return { stages: [system, tok(seg.prefix.slice(-1)), tok(seg.rest)], bos };
  }

  private async run(prompt: JudgePrompt, schema: OutputSchema, maxTokens: number, seed: number, signal?: AbortSignal): Promise<{ text: string; stats: GenerationStats }> {
    const started = this.clock();
    // Stage boundaries: system (shared by every unit of a template), review, task.
    const { stages: [system, review, task], bos } = this.stageTokens(prompt);
    const all = [...system, ...review, ...task];
    const seq = await this.sequenceFor(all.length + maxTokens);
    const prefix = system.length + review.length;
    // The last prompt token is always evaluated with the first sample (generation needs its logits).
    const stages = [system.length, prefix, all.length - 1];
    const common = commonPrefix(seq.contextTokens, all, all.length - 1);
    const keep = Math.max(0, ...stages.filter((s) => s <= common));
    await seq.adaptStateToTokens(all.slice(0, keep), false);
    // The meter counts tokens evaluated without logits as input, with logits (each sample) as output.
    const meter = seq.tokenMeter;
    const in0 = meter.usedInputTokens;
    const out0 = meter.usedOutputTokens;
    const evalStart = this.clock();
    let prefixEvaluated = 0;
    for (let s = 0, from = 0; s < stages.length; from = stages[s]!, s++) {
      if (keep < stages[s]! && stages[s]! > from) await seq.evaluateWithoutGeneratingNewTokens(all.slice(Math.max(from, keep), stages[s]));
      if (s === 1) prefixEvaluated = meter.usedInputTokens - in0;
    }
    if (keep < prefix) {
      const n = meter.usedInputTokens - in0;
      const s = (this.clock() - evalStart) / 1000;
      this.opts.status?.(`local judge: review prefix evaluated: ${n} prompt tokens in ${s.toFixed(1)} s (${Math.round(n / Math.max(s, 1e-3))} tokens/s; ${keep} reused from the KV cache)`);
    }
    const grammar = await this.grammar(schema);
    // contextShiftSize 0: LlamaCompletion would otherwise fit the input into the context less 10% by
    // dropping its first tokens (LlamaCompletion.js fitInputIntoContext), the system prompt first;
    // sequenceFor already made room for the prompt and the budget. It prepends BOS itself.
    const input = bos ? all.slice(1) : all;
    const res = await this.completion!.generateCompletionWithMeta(input, { grammar, maxTokens, ...LOCAL_SAMPLING, seed, contextShiftSize: 0, disableContextShift: true, ...(signal ? { signal } : {}) });
    // The answer stands only if the sequence evaluated exactly this prompt: never a cut or altered one.
    if (commonPrefix(seq.contextTokens, all, all.length) !== all.length) {
      throw new JudgeError(`the local judge's runtime evaluated a prompt other than the ${all.length} tokens planned (cut to fit the context of ${this.context!.contextSize}?): this vote is not used; lower --max-tokens or use a model with a longer context`, 'truncated-input');
    }
    // The last prompt token is metered as output (it is evaluated with logits), like every sample fed back.
    const evaluated = meter.usedInputTokens - in0 + 1;
    if (evaluated !== all.length - keep) this.opts.status?.(`local judge: ${evaluated} prompt tokens evaluated where ${all.length - keep} were planned (${keep} of ${all.length} to be reused): the measured count is reported`);
    const stats: GenerationStats = {
      promptTokens: all.length,
      reusedTokens: Math.max(0, all.length - evaluated),
      evaluatedTokens: evaluated,
      prefixEvaluated,
      outputTokens: meter.usedOutputTokens - out0,
      stopReason: res.metadata.stopReason,
      contextSize: this.context!.contextSize,
      ms: Math.round(this.clock() - started),
    };
    this.totals.requests++;
    this.totals.promptTokens += stats.promptTokens;
    this.totals.reusedTokens += stats.reusedTokens;
    this.totals.outputTokens += stats.outputTokens;
    this.totals.evalMs += stats.ms;
    return { text: res.response, stats };
  }

  /** The sequence, in a context large enough for `needed` tokens (made or remade here). */
  private async sequenceFor(needed: number): Promise<LlamaContextSequence> {
    const model = this.model!;
    if (needed > model.trainContextSize) {
      throw new JudgeError(`the prompt and output budget need ${needed} tokens, more than the model's context of ${model.trainContextSize}: not truncated; use a model with a longer context or lower --max-tokens`, 'truncated-input');
    }
    if (this.context && this.context.contextSize >= needed) return this.sequence!;
    const planned = !this.context && this.reserved ? this.stageTokens(this.reserved.prompt).stages.flat().length + this.reserved.maxTokens : 0;
    const want = Math.max(needed, Math.min(planned, model.trainContextSize));
    const size = Math.min(model.trainContextSize, Math.max(MIN_CONTEXT, Math.ceil((want * HEADROOM) / 1024) * 1024));
    if (planned) this.opts.status?.(`local judge: context of ${size} tokens, sized for the longest prompt the job planned (${planned} tokens with its output budget)`);
    if (this.context) {
      this.opts.status?.(`local judge: context grown from ${this.context.contextSize} to ${size} tokens (a longer prompt); the KV cache starts afresh`);
      await this.context.dispose();
    }
    this.context = await model.createContext({ contextSize: size, threads: this.threads(), sequences: 1 });
    this.sequence = this.context.getSequence();
    const m = await this.opts.loadModule();
    this.completion = new m.LlamaCompletion({ contextSequence: this.sequence });
    return this.sequence;
  }

  private grammar(schema: OutputSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema.jsonSchema);
    let g = this.grammars.get(key);
    if (!g) this.grammars.set(key, (g = this.llama!.createGrammarForJsonSchema(schema.jsonSchema)));
    return g;
  }
}

/** Length of the common prefix of the sequence's tokens and the prompt's, looked at up to `limit`. */
function commonPrefix(held: readonly Token[], want: readonly Token[], limit: number): number {
  const n = Math.min(held.length, want.length, limit);
  let i = 0;
  while (i < n && held[i] === want[i]) i++;
  return i;
}
