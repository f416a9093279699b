import pino, { type Logger } from 'pino';

/** Names of environment variables whose values must never reach a log line. */
export const SECRET_ENV = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'JUDGE_API_KEY'] as const;

/** Replaces every occurrence of the given secret values with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * JSON logger writing each line through `write` (synchronously: the run folder appends it to
 * log.jsonl at once, so a killed process keeps its last lines, and a full disk is the folder's to
 * report, never an exception out of a log call). Key-shaped fields are redacted by path and the
 * secret values themselves are scrubbed from every serialised line, so an SDK error message that
 * echoes a key cannot leak it.
 */
export function createRunLogger(write: (line: string) => void, secrets: readonly string[]): Logger {
  return pino(
    {
      base: undefined,
      redact: { paths: ['apiKey', '*.apiKey', 'headers.authorization', 'headers["x-api-key"]', '*.headers.authorization'], censor: '[redacted]' },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    { write },
  );
}

/** The secret values present in an environment, for scrubbing. */
export function secretsIn(env: Record<string, string | undefined>): string[] {
  return SECRET_ENV.map((k) => env[k]).filter((v): v is string => Boolean(v));
}
