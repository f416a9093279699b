/**
 * Writes a tiny random-weight `llama` GGUF for tests (never committed): 2 layers, embedding 64,
 * 4 heads, feed-forward 128, a SentencePiece vocabulary of control tokens, the 256 byte tokens,
 * printable ASCII and the ChatML markers (~360 tokens, ~0.5 MB of F32 weights).
 *
 * Layout, from ggml's docs/gguf.md (GGUF v3): magic "GGUF", u32 version, u64 tensor count, u64
 * metadata count; each metadata pair as string key, u32 value type, value (arrays: u32 element type,
 * u64 count, elements); each tensor info as string name, u32 dimension count, u64 dimensions (ne[0]
 * first), u32 ggml type (0 = F32), u64 offset into the data section; then padding to
 * `general.alignment` and the tensor data, each tensor aligned. Strings are u64 length + UTF-8.
 * llama.cpp's loader (src/llama-model.cpp, src/llama-vocab.cpp) needs the architecture,
 * context/embedding/block/feed-forward lengths, head count, RMS epsilon and the tokenizer model,
 * tokens and types; a missing feed_forward_length or head_count aborts the process.
 */
import { mulberry32 } from '../../src/score/prng.ts';
import { writeFileSync } from 'node:fs';

const T = { u32: 4, f32: 6, bool: 7, string: 8, array: 9 } as const;
/** llama.cpp token types (llama_token_type): normal, unknown, control, byte. */
const TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

type Value = { t: 'u32'; v: number } | { t: 'f32'; v: number } | { t: 'bool'; v: boolean } | { t: 'string'; v: string } | { t: 'strings'; v: string[] } | { t: 'i32s'; v: number[] } | { t: 'f32s'; v: number[] };

class Bytes {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(align: number): void {
    const n = (align - (this.length % align)) % align;
    if (n) this.push(Buffer.alloc(n));
  }
  out(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(b: Bytes, value: Value): void {
  switch (value.t) {
    case 'u32':
      b.u32(T.u32);
      return b.u32(value.v);
    case 'f32': {
      b.u32(T.f32);
      const f = Buffer.alloc(4);
      f.writeFloatLE(value.v);
      return b.push(f);
    }
    case 'bool':
      b.u32(T.bool);
      return b.push(Buffer.from([value.v ? 1 : 0]));
    case 'string':
      b.u32(T.string);
      return b.str(value.v);
    case 'strings':
      b.u32(T.array);
      b.u32(T.string);
      b.u64(value.v.length);
      return value.v.forEach((s) => b.str(s));
    case 'i32s': {
      b.u32(T.array);
      b.u32(5); // int32
      b.u64(value.v.length);
      const buf = Buffer.alloc(4 * value.v.length);
      value.v.forEach((n, i) => buf.writeInt32LE(n, 4 * i));
      return b.push(buf);
    }
    case 'f32s': {
      b.u32(T.array);
      b.u32(T.f32);
      b.u64(value.v.length);
      const buf = Buffer.alloc(4 * value.v.length);
      value.v.forEach((n, i) => buf.writeFloatLE(n, 4 * i));
      return b.push(buf);
    }
  }
}

/**
 * The tiny model's vocabulary. `text` adds its words as pieces (`▁word` and every prefix of it, so
 * SentencePiece's pairwise merges can reach the word): prompts then take about a quarter of the
 * tokens a byte-level vocabulary needs, which keeps a CPU test round short.
 */
export function tinyVocabulary(text = ''): { tokens: string[]; types: number[]; scores: number[] } {
  const tokens = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'];
  const types: number[] = [TYPE.unknown, TYPE.control, TYPE.control, TYPE.control, TYPE.control];
  for (let i = 0; i < 256; i++) {
    tokens.push(`<0x${i.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TYPE.byte);
  }
  // SentencePiece writes a space as U+2581; printable ASCII as single-character pieces.
  for (const ch of ['\u2581', ...Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))]) {
    tokens.push(ch);
    types.push(TYPE.normal);
  }
  const scores = tokens.map(() => 0);
  const seen = new Set(tokens);
  // Every other character of the text as a piece of its own (Japanese has no spaces to split words at).
  for (const ch of new Set(text)) {
    if (ch.charCodeAt(0) < 0x80 || seen.has(ch) || /\s/.test(ch) || tokens.length >= 12_000) continue;
    seen.add(ch);
    tokens.push(ch);
    types.push(TYPE.normal);
    scores.push(1);
  }
  for (const word of text.split(/\s+/)) {
    const piece = `\u2581${word}`;
    for (let n = 2; n <= Math.min(piece.length, 16); n++) {
      const p = piece.slice(0, n);
      if (seen.has(p) || tokens.length >= 12_000) continue;
      seen.add(p);
      tokens.push(p);
      types.push(TYPE.normal);
      // Longer pieces merge first.
      scores.push(n);
    }
  }
  return { tokens, types, scores };
}

/** Options of the tiny model (defaults: the sizes above). */
export interface TinyGgufOptions {
  contextLength?: number;
  /** tokenizer.ggml.add_bos_token: llama.cpp prepends `<s>` to every prompt. */
  addBos?: boolean;
  seed?: number;
  /** Text whose words become vocabulary pieces (see tinyVocabulary). */
  vocabularyText?: string;
}

/**
 * Writes the model to `file` and returns its byte size. Logits are steered through one residual
 * dimension held large in every embedding: non-printable bytes (which a random model would string
 * into invalid UTF-8) get strongly negative logits, so the grammar-constrained sample stays ASCII.
 */
export function writeTinyGguf(file: string, opts: TinyGgufOptions = {}): number {
  const nEmbd = 64;
  const nFf = 128;
  const nLayer = 2;
  const nHead = 4;
  const { tokens, types, scores } = tinyVocabulary(opts.vocabularyText);
  const nVocab = tokens.length;
  const rand = mulberry32(opts.seed ?? 42);
  const normal = (scale: number) => (rand() * 2 - 1) * scale;

  const tensors: Array<{ name: string; dims: number[]; data: Float32Array }> = [];
  const add = (name: string, dims: number[], fill: (i: number) => number) => {
    const n = dims.reduce((a, b) => a * b, 1);
    tensors.push({ name, dims, data: Float32Array.from({ length: n }, (_, i) => fill(i)) });
  };
  // token_embd: ne = [n_embd, n_vocab]; element i is (dim i % n_embd) of token floor(i / n_embd).
  add('token_embd.weight', [nEmbd, nVocab], (i) => (i % nEmbd === 0 ? 4 : normal(0.5)));
  for (let l = 0; l < nLayer; l++) {
    add(`blk.${l}.attn_norm.weight`, [nEmbd], () => 1);
    for (const m of ['attn_q', 'attn_k', 'attn_v', 'attn_output']) add(`blk.${l}.${m}.weight`, [nEmbd, nEmbd], () => normal(0.1));
    add(`blk.${l}.ffn_norm.weight`, [nEmbd], () => 1);
    add(`blk.${l}.ffn_gate.weight`, [nEmbd, nFf], () => normal(0.1));
    add(`blk.${l}.ffn_up.weight`, [nEmbd, nFf], () => normal(0.1));
    add(`blk.${l}.ffn_down.weight`, [nFf, nEmbd], () => normal(0.1));
  }
  add('output_norm.weight', [nEmbd], () => 1);
  const printable = (t: number) => types[t] === TYPE.normal || types[t] === TYPE.control || (types[t] === TYPE.byte && t - 5 >= 0x20 && t - 5 < 0x7f) || (types[t] === TYPE.byte && t - 5 === 0x0a);
  add('output.weight', [nEmbd, nVocab], (i) => (i % nEmbd === 0 ? (printable(Math.floor(i / nEmbd)) ? 0 : -4) : normal(0.5)));

  const meta: Array<[string, Value]> = [
    ['general.architecture', { t: 'string', v: 'llama' }],
    ['general.name', { t: 'string', v: 'review-judge tiny test model' }],
    ['general.alignment', { t: 'u32', v: 32 }],
    ['llama.context_length', { t: 'u32', v: opts.contextLength ?? 32768 }],
    ['llama.embedding_length', { t: 'u32', v: nEmbd }],
    ['llama.block_count', { t: 'u32', v: nLayer }],
    ['llama.feed_forward_length', { t: 'u32', v: nFf }],
    ['llama.attention.head_count', { t: 'u32', v: nHead }],
    ['llama.attention.head_count_kv', { t: 'u32', v: nHead }],
    ['llama.attention.layer_norm_rms_epsilon', { t: 'f32', v: 1e-5 }],
    ['llama.rope.dimension_count', { t: 'u32', v: nEmbd / nHead }],
    ['tokenizer.ggml.model', { t: 'string', v: 'llama' }],
    ['tokenizer.ggml.tokens', { t: 'strings', v: tokens }],
    ['tokenizer.ggml.scores', { t: 'f32s', v: scores }],
    ['tokenizer.ggml.token_type', { t: 'i32s', v: types }],
    ['tokenizer.ggml.unknown_token_id', { t: 'u32', v: 0 }],
    ['tokenizer.ggml.bos_token_id', { t: 'u32', v: 1 }],
    ['tokenizer.ggml.eos_token_id', { t: 'u32', v: 4 }],
    ['tokenizer.ggml.add_bos_token', { t: 'bool', v: opts.addBos ?? false }],
  ];

  const b = new Bytes();
  b.push(Buffer.from('GGUF', 'ascii'));
  b.u32(3);
  b.u64(tensors.length);
  b.u64(meta.length);
  for (const [k, v] of meta) {
    b.str(k);
    writeValue(b, v);
  }
  let offset = 0;
  for (const t of tensors) {
    b.str(t.name);
    b.u32(t.dims.length);
    for (const d of t.dims) b.u64(d);
    b.u32(0); // GGML_TYPE_F32
    b.u64(offset);
    offset += Math.ceil((t.data.length * 4) / 32) * 32;
  }
  b.pad(32);
  for (const t of tensors) {
    b.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    b.pad(32);
  }
  const out = b.out();
  writeFileSync(file, out);
  return out.length;
}
