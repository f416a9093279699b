/** A review file accepted for judging: its text plus the identity scripts rely on. */
export interface Review {
  /** Prompt variant name, e.g. `baseline` or `variant-cot`. */
  prompt: string;
  /** Run number (1-based). */
  run: number;
  /** Path as given or discovered (relative to the working directory when possible). */
  path: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** Decoded text: BOM removed, CRLF turned into LF (the judge sees the same text for every unit). */
  text: string;
}

/** A file refused as a review, with the one-line reason. */
export interface RefusedReview {
  path: string;
  reason: string;
}
