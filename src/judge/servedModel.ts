/**
 * The snapshot that served an answer, read from the raw response both SDKs return: `model` (the
 * dated snapshot behind an alias) and OpenAI's `system_fingerprint`. An alias can switch snapshots
 * between nights; keeping what answered is how a run shows judge drift.
 */
export function servedModelOf(raw: unknown): { servedModel?: string; fingerprint?: string } {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as { model?: unknown; system_fingerprint?: unknown };
  return {
    ...(typeof r.model === 'string' && r.model ? { servedModel: r.model } : {}),
    ...(typeof r.system_fingerprint === 'string' && r.system_fingerprint ? { fingerprint: r.system_fingerprint } : {}),
  };
}
