import type { AnswerKey } from './AnswerKey.ts';
import type { Perspective } from './Perspective.ts';
import type { RefusedReview, Review } from './Review.ts';

/** A text file read from disk with its digest. */
export interface SourceFile {
  path: string;
  sha256: string;
  text: string;
}

/** Everything one scoring job reads from disk, before any parsing of keys. */
export interface RoundInputs {
  round: number | null;
  key: SourceFile;
  perspective: SourceFile | null;
  reviews: Review[];
  refused: RefusedReview[];
}

/** Parsed inputs of a job: files read, key and perspective parsed. */
export interface PreparedInputs {
  inputs: RoundInputs;
  key: AnswerKey;
  perspective: Perspective | null;
}

/** Where a job's inputs are: a workflow round folder, or an answer key with review files. */
export type InputSpec =
  | { kind: 'round'; dir: string; round: number; prompts: string[]; maxReviewBytes?: number }
  | { kind: 'ad-hoc'; key: string; reviews: string[]; perspective?: string; prompts: string[]; maxReviewBytes?: number };
