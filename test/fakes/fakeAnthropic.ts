/** A fake Anthropic Messages server, realistic enough for the real `@anthropic-ai/sdk` to parse. */
import { anthropicViolation } from './anthropicContract.ts';
import { approxTokens, startFake, type ChoiceSpec, type FakeServer, type FakeUsage, type Script, type WireShaper } from './fakeServer.ts';

let serial = 0;

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

// Structured outputs (output_config.format) answer with the JSON as a plain text block.
function messageParts(spec: ChoiceSpec): { content: unknown[]; stop_reason: string; stop_details: unknown; text: string } {
  const block = (text: string) => ({ type: 'text', text, citations: null });
  if ('output' in spec) {
    const text = JSON.stringify(spec.output);
    return { content: [block(text)], stop_reason: 'end_turn', stop_details: null, text };
  }
  if ('text' in spec) return { content: [block(spec.text)], stop_reason: 'end_turn', stop_details: null, text: spec.text };
  if ('length' in spec) return { content: [block(spec.length)], stop_reason: 'max_tokens', stop_details: null, text: spec.length };
  const explanation = 'refusal' in spec ? spec.refusal : 'Blocked by a safety classifier.';
  return {
    content: [],
    stop_reason: 'refusal',
    stop_details: { type: 'refusal', category: null, explanation },
    text: '',
  };
}

const shaper: WireShaper = {
  paths: ['/v1/messages'],
  content(choices, usage, body) {
    // The Messages API has no `n`: one message per request, whatever the script offered.
    const parts = messageParts(choices[0] ?? { text: '' });
    const u: FakeUsage = { input: 1812, output: approxTokens(parts.text), cached: 1536, cacheWrite: 0, ...usage };
    serial += 1;
    return {
      status: 200,
      headers: { 'request-id': `req_fake${serial}`, 'anthropic-organization-id': 'org-fake' },
      body: {
        id: `msg_fake${serial}`,
        type: 'message',
        role: 'assistant',
        model: typeof body?.model === 'string' ? body.model : 'claude-sonnet-5-5',
        content: parts.content,
        stop_reason: parts.stop_reason,
        stop_sequence: null,
        stop_details: parts.stop_details,
        container: null,
        usage: {
          // input_tokens counts only what was neither read from nor written to the cache.
          input_tokens: u.input - u.cached - u.cacheWrite,
          cache_creation_input_tokens: u.cacheWrite,
          cache_read_input_tokens: u.cached,
          cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite, ephemeral_1h_input_tokens: 0 },
          output_tokens: u.output,
          service_tier: 'standard',
          server_tool_use: null,
          inference_geo: 'global',
        },
      },
    };
  },
  error(status, body, headers) {
    serial += 1;
    const type = ERROR_TYPES[status] ?? 'api_error';
    return {
      status,
      headers: { 'request-id': `req_fake${serial}`, ...(status === 529 ? { 'x-should-retry': 'true' } : {}), ...headers },
      body: body ?? {
        type: 'error',
        error: { type, message: status === 529 ? 'Overloaded' : `Fake ${type} (HTTP ${status})` },
        request_id: `req_fake${serial}`,
      },
    };
  },
};

/** How a fake Anthropic server checks requests before its script sees them. */
export interface FakeAnthropicOptions {
  /** The day the contract is judged on (retirements); defaults to the real clock. */
  now?: () => Date;
}

/** Starts a fake serving POST /v1/messages; use its url as the SDK's baseURL (no /v1). Enforces the Messages API's request rules. */
export function startFakeAnthropic(script: Script, opts: FakeAnthropicOptions = {}): Promise<FakeServer> {
  const now = opts.now ?? (() => new Date());
  return startFake(script, {
    ...shaper,
    check(body) {
      const violation = anthropicViolation(body, now().toISOString().slice(0, 10));
      return violation && shaper.error(violation.status, { ...violation.body, request_id: `req_fake${serial + 1}` }, undefined);
    },
  });
}
