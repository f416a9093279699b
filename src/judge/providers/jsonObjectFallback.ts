/**
 * Some llama.cpp server builds cannot take `response_format: { type: 'json_schema' }` and answer
 * HTTP 400: mainline when a grammar is in play ("Either \"json_schema\" or \"grammar\" can be
 * specified, but not both"), older forks with `response_format type must be one of "text" or
 * "json_object"` (https://github.com/ikawrakow/ik_llama.cpp/issues/778, there as a 500). They all
 * take `json_object`, so the schema moves into the system message instead. Pure, for the provider.
 */

// What the rejections mention; a 400 about anything else (a bad model name) is not ours to retry.
const ABOUT_THE_FORMAT = /json_schema|response_format|grammar/i;

/** True when an HTTP error says the server cannot take a json_schema response format. */
export function isJsonSchemaRejection(status: number | undefined, message: string): boolean {
  // The forks' 500 is matched by its exact wording only: other 500s are the server's trouble, not the format's.
  if (status === 500) return /response_format type must be one of/i.test(message);
  return status === 400 && ABOUT_THE_FORMAT.test(message);
}

/** The instruction appended to the system message when the schema cannot be sent as a response format. */
export function schemaInstruction(schema: unknown): string {
  return `\n\nAnswer with one JSON object, and nothing else, matching this JSON schema:\n${JSON.stringify(schema)}`;
}

/**
 * The same request asking for `json_object`, with the json_schema's schema appended to the system
 * message. Only the wire body: the vote's cache key stays the planned body's (like `n`, a transport detail).
 */
export function jsonObjectBody(body: Record<string, unknown>): Record<string, unknown> {
  const format = body.response_format as { json_schema?: { schema?: unknown } } | undefined;
  const schema = format?.json_schema?.schema ?? {};
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const system = messages.findIndex((m) => m.role === 'system' && typeof m.content === 'string');
  const withSchema =
    system === -1
      ? [{ role: 'system', content: schemaInstruction(schema).trimStart() }, ...messages]
      : messages.map((m, i) => (i === system ? { ...m, content: `${String(m.content)}${schemaInstruction(schema)}` } : m));
  return { ...body, messages: withSchema, response_format: { type: 'json_object' } };
}
