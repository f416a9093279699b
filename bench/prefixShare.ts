/**
 * How much of what is sent could be served from a provider's prompt cache: for every group of
 * requests (the calls for one review), the longest prefix all of them share, byte for byte, of
 * the serialized messages. Tokens are estimated with the product's own estimator on the message
 * text (the same rough count `--dry-run` uses).
 */
import { estimateTokens } from '../src/judge/estimateTokens.ts';

interface Group {
  /** Serialized messages of the group's first request, and of its flattened text. */
  firstJson: string;
  firstText: string;
  lcpJson: number;
  lcpText: number;
  count: number;
  bytes: number;
  tokens: number;
}

export interface PrefixSummary {
  groups: number;
  requests: number;
  /** UTF-8 bytes of the serialized messages, all requests. */
  bytes: number;
  /** Bytes lying in their group's common prefix. */
  prefixBytes: number;
  /** Estimated input tokens of the message text, all requests. */
  tokens: number;
  prefixTokens: number;
  byteShare: number;
  tokenShare: number;
}

/** The parts of a request body the model reads: system/instructions and messages, in order. */
export function messagesOf(body: any): unknown {
  return body?.system === undefined ? body?.messages : { system: body.system, messages: body.messages };
}

/** The text of the messages, concatenated (string contents or text parts). */
export function textOf(body: any): string {
  const out: string[] = [];
  const visit = (content: unknown) => {
    if (typeof content === 'string') out.push(content);
    else if (Array.isArray(content)) for (const part of content) if (part && typeof part.text === 'string') out.push(part.text);
  };
  visit(body?.system);
  for (const m of body?.messages ?? []) visit(m?.content);
  return out.join('');
}

export class PrefixTracker {
  readonly #groups = new Map<string, Group>();

  /** Adds one request to its group (e.g. the review it judges). */
  add(group: string, body: any): void {
    const json = JSON.stringify(messagesOf(body));
    const text = textOf(body);
    const g = this.#groups.get(group);
    const bytes = Buffer.byteLength(json);
    const tokens = estimateTokens(text);
    if (!g) {
      this.#groups.set(group, { firstJson: json, firstText: text, lcpJson: json.length, lcpText: text.length, count: 1, bytes, tokens });
      return;
    }
    // The prefix common to all = the first request's prefix, cut at its shortest match with any other.
    g.lcpJson = commonPrefix(g.firstJson, json, g.lcpJson);
    g.lcpText = commonPrefix(g.firstText, text, g.lcpText);
    g.count++;
    g.bytes += bytes;
    g.tokens += tokens;
  }

  summary(): PrefixSummary {
    let requests = 0;
    let bytes = 0;
    let prefixBytes = 0;
    let tokens = 0;
    let prefixTokens = 0;
    for (const g of this.#groups.values()) {
      requests += g.count;
      bytes += g.bytes;
      tokens += g.tokens;
      // A group of one request has nothing to share with: its prefix is not reused.
      if (g.count < 2) continue;
      prefixBytes += Buffer.byteLength(g.firstJson.slice(0, g.lcpJson)) * g.count;
      prefixTokens += estimateTokens(g.firstText.slice(0, g.lcpText)) * g.count;
    }
    return {
      groups: this.#groups.size,
      requests,
      bytes,
      prefixBytes,
      tokens,
      prefixTokens,
      byteShare: bytes ? prefixBytes / bytes : 0,
      tokenShare: tokens ? prefixTokens / tokens : 0,
    };
  }
}

/** Length of the common prefix of a and b, at most `max`. */
function commonPrefix(a: string, b: string, max: number): number {
  const n = Math.min(max, a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
