/** Error classes that carry their evidence; the CLI turns them into one-line messages and exit codes. */

/** Bad user input (a file, a flag): printed as `path:line: message`, exit 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The one line a user sees: `file:line: message`. */
  format(): string {
    const where = this.file ? (this.line ? `${this.file}:${this.line}: ` : `${this.file}: `) : '';
    return `${where}${this.message}`;
  }
}

/** A failure that no retry and no other unit can fix: the judge itself is unusable (bad key, no access, unknown model, rejected request). */
export interface FatalJudgeFailure {
  status: number;
  /** One line on what to do. */
  fix: string;
}

/** A judge call that did not yield a usable vote; keeps the raw model text and the cause. */
export class JudgeError extends Error {
  override readonly name = 'JudgeError';
  constructor(
    message: string,
    readonly kind: JudgeFailureKind,
    readonly rawText?: string,
    options?: { cause?: unknown; fatal?: FatalJudgeFailure },
  ) {
    super(message, options);
    this.fatal = options?.fatal;
  }

  /** Set when the judge must not be asked again in this run. */
  readonly fatal: FatalJudgeFailure | undefined;
}

/** Why a vote is unscored. */
export type JudgeFailureKind =
  | 'api-error'
  | 'timeout'
  | 'refusal'
  | 'truncated'
  /** The server read fewer prompt tokens than were sent: it cut the prompt to its context window. */
  | 'truncated-input'
  | 'invalid-output'
  | 'cache-miss'
  | 'budget'
  | 'rate-limited'
  | 'judge-stopped'
  /** In a provider batch that has not ended yet: the run waits for it (never a final vote). */
  | 'batch-pending'
  /** The batch answered this entry with an error (its status and message in the reason). */
  | 'batch-failed'
  /** The batch's 24-hour window closed before this entry was answered. */
  | 'batch-expired'
  /** The batch was cancelled before this entry was answered. */
  | 'batch-canceled';
