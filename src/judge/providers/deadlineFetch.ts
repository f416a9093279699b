/**
 * A fetch with a total deadline per request, headers and body alike. The SDKs' timeout stops at
 * the response headers, so a server that sends headers and then trickles the body would hold a
 * request (and its slot) forever; past the deadline the request's signal aborts and the body read
 * fails, which makes the vote unscored like any timeout.
 */
export function deadlineFetch(inner: typeof fetch, deadlineMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no complete answer within ${deadlineMs} ms (headers and body)`)), deadlineMs);
    // The timer outlives this call (the body is read later) but must not keep the process alive.
    timer.unref();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await inner(input, { ...init, signal });
    } catch (e) {
      clearTimeout(timer);
      throw e;
    }
  };
}
