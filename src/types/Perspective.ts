import { z } from 'zod';

/** A reviewer perspective (perspective.md): what is in and out of scope, and how bonus/penalty is judged. */
export const Perspective = z.object({
  title: z.string(),
  overview: z.string(),
  inScope: z.array(z.string()),
  outOfScope: z.array(z.string()),
  bonusPenaltyGuidance: z.string(),
  raw: z.string(),
});
export type Perspective = z.infer<typeof Perspective>;
