/**
 * Pure: cuts a judge's entries into batches within the provider's per-batch limits (requests, and
 * payload bytes as `sizeOf` counts them), in order. An entry larger than the byte limit alone still
 * gets a batch of its own: the provider, not this function, says what it does with it.
 */
export function splitBatches<E>(entries: readonly E[], limits: { requests: number; bytes: number }, sizeOf: (e: E) => number): E[][] {
  const out: E[][] = [];
  let current: E[] = [];
  let bytes = 0;
  for (const e of entries) {
    const size = sizeOf(e);
    if (current.length && (current.length >= limits.requests || bytes + size > limits.bytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}
