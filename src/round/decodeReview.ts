import { createHash } from 'node:crypto';

/** Default upper bound for one review file (`--max-review-bytes`). */
export const DEFAULT_MAX_REVIEW_BYTES = 2 * 1024 * 1024;

/** Outcome of checking one review's bytes: its text, or why it cannot be judged. */
export type DecodedReview =
  | { ok: true; text: string; sha256: string; size: number }
  | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Pure check of a review's bytes. Refuses what a judge cannot read sensibly: empty or
 * whitespace-only files, binaries (NUL bytes), invalid UTF-8 and oversized files.
 */
export function decodeReview(bytes: Uint8Array, maxBytes = DEFAULT_MAX_REVIEW_BYTES): DecodedReview {
  const size = bytes.byteLength;
  if (size > maxBytes) {
    return { ok: false, reason: `too large (${size} bytes > ${maxBytes}); raise --max-review-bytes if it is really a review` };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); expected UTF-8 markdown' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    return { ok: false, reason: `invalid UTF-8 at byte ${at}; save the review as UTF-8` };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { ok: false, reason: 'empty review; expected the reviewer\'s markdown output' };
  return { ok: true, text, sha256: createHash('sha256').update(bytes).digest('hex'), size };
}

/** Byte offset where the first invalid UTF-8 sequence starts (for the error message only). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    // Lead byte → sequence length and the allowed range of the second byte (excludes overlongs and surrogates).
    const [len, lo, hi] =
      b < 0x80 ? [1, 0, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (len === 0) return i;
    if (len > 1) {
      if (i + len > bytes.length) return i;
      const second = bytes[i + 1]!;
      if (second < lo || second > hi) return i;
      for (let j = 2; j < len; j++) if ((bytes[i + j]! & 0xc0) !== 0x80) return i;
    }
    i += len;
  }
  return bytes.length;
}
