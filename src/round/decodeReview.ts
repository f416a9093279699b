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

/** Byte offset of the first invalid UTF-8 sequence (for the error message only). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search on prefixes would be cute; a linear scan with a streaming decoder is simple and rare.
  const dec = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      dec.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return i;
    }
  }
  return bytes.length;
}
