/** Statuses whose responses have no body: a Response holding one, even empty, cannot be built. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch with a total deadline per attempt, headers and body alike, that hands the SDK a body
 * already read. The SDKs' timeout stops at the response headers, so a server that sends headers and
 * then trickles the body would hold a request (and its slot) forever; and the SDKs read the body
 * after their retry loop, so a connection cut mid-body was never retried. Read here, both are a
 * failure of this attempt: past the deadline a timeout ("timed out", which the SDKs retry as one),
 * a cut body a dropped connection (retried as one), and after the last attempt an unscored vote.
 */
export function deadlineFetch(inner: typeof fetch, deadlineMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out: no complete answer within ${deadlineMs} ms (headers and body)`)), deadlineMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      const res = await inner(input, { ...init, signal });
      const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (e) {
      // Our own deadline, not the caller's abort (Ctrl-C, the SDK's timeout): say so in the SDKs' words.
      if (controller.signal.aborted && !init?.signal?.aborted) throw controller.signal.reason;
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
}
