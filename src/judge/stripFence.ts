/**
 * Local models (and some hosted ones without strict output) wrap their JSON in a markdown code
 * fence even when told not to. The answer is still the JSON we asked for, so one fence that wraps
 * the whole answer is removed before parsing; anything else (text around the fence, two fences)
 * is left as it is and fails to parse, as an answer we cannot trust should.
 */
// The opening fence may name json (any case) or nothing, then a line break or the JSON itself;
// another language (```python) is not a JSON answer.
const WHOLE_FENCE = /^```(?:json)?[ \t]*(?:\r?\n|(?=[{[]))([\s\S]*?)\s*```$/i;

/** The text inside one ```json … ``` or ``` … ``` fence wrapping the whole (trimmed) answer, else the text unchanged. */
export function stripFence(text: string): string {
  const trimmed = text.trim();
  const m = WHOLE_FENCE.exec(trimmed);
  if (!m) return text;
  const inner = m[1]!;
  // "```a``` text ```b```" matches the pattern too; a fence inside means it was not one fence.
  return inner.includes('```') ? text : inner;
}
