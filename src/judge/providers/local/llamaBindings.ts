/**
 * The part of node-llama-cpp's API the local judge uses, typed here so the project typechecks and
 * runs without the package (it is installed only for local judges). Shapes from its 3.21.1 .d.ts:
 * getLlama (dist/bindings/getLlama.d.ts), LlamaModel.tokenize/detokenize, LlamaContext.getSequence,
 * LlamaContextSequence (tokenMeter, adaptStateToTokens, evaluateWithoutGeneratingNewTokens),
 * LlamaCompletion.generateCompletionWithMeta and Llama.createGrammarForJsonSchema.
 */

/** A token id. */
export type Token = number & { __token?: never };

/** What `getLlama` returns. */
export interface Llama {
  readonly gpu: string | false;
  readonly cpuMathCores: number;
  loadModel(opts: { modelPath: string; gpuLayers?: number | 'auto' | 'max'; onLoadProgress?: (p: number) => void }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: Record<string, unknown>): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}

/** A loaded GGUF. */
export interface LlamaModel {
  readonly trainContextSize: number;
  readonly gpuLayers: number;
  /** `trimLeadingSpace`: without the space SentencePiece vocabularies put before a text (LlamaModel.d.ts). */
  tokenize(text: string, specialTokens?: boolean, options?: 'trimLeadingSpace'): Token[];
  /** `bos` and whether llama.cpp prepends it to a prompt (tokenizer.ggml.add_bos_token). */
  readonly tokens: { readonly bos: Token | null; readonly shouldPrependBosToken: boolean };
  /** 'spm', 'bpe', 'wpm', 'ugm', 'rwkv', … (LlamaVocabularyType). */
  readonly vocabularyType: string;
  detokenize(tokens: readonly Token[], specialTokens?: boolean): string;
  isEogToken(token: Token | undefined): boolean;
  createContext(opts: { contextSize: number; threads?: number; sequences?: number; batchSize?: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

/** A context (its KV cache). */
export interface LlamaContext {
  readonly contextSize: number;
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

/** One sequence of a context: the tokens its KV cache holds. */
export interface LlamaContextSequence {
  readonly nextTokenIndex: number;
  readonly contextTokens: Token[];
  readonly tokenMeter: { readonly usedInputTokens: number; readonly usedOutputTokens: number };
  adaptStateToTokens(tokens: Token[], allowShift?: boolean): Promise<void>;
  evaluateWithoutGeneratingNewTokens(tokens: Token[]): Promise<void>;
}

/** A JSON schema grammar. */
export interface LlamaGrammar {
  parse(text: string): unknown;
}

/** Text completion on one sequence (reuses the matching prefix of the sequence's state). */
export interface LlamaCompletion {
  generateCompletionWithMeta(
    input: Token[],
    opts: {
      grammar?: LlamaGrammar;
      maxTokens?: number;
      temperature?: number;
      topK?: number;
      topP?: number;
      minP?: number;
      seed?: number;
      signal?: AbortSignal;
      stopOnAbortSignal?: boolean;
      /** false: none (the default is 1.1 over the last 64 tokens). */
      repeatPenalty?: false;
      /** Tokens the input is shortened by to leave room (default: 10% of the context, cut from the front). */
      contextShiftSize?: number;
      disableContextShift?: boolean;
    },
  ): Promise<{ response: string; metadata: { stopReason: string } }>;
}

/** The module's exports used here. */
export interface LlamaModule {
  getLlama(opts: { build: 'never'; gpu?: 'auto' | 'cuda' | 'vulkan' | 'metal' | false; logLevel?: string; progressLogs?: boolean; maxThreads?: number }): Promise<Llama>;
  LlamaCompletion: new (opts: { contextSequence: LlamaContextSequence }) => LlamaCompletion;
}
