/** A seeded pseudo-random generator: deterministic, so the same input always gives the same interval. */

/** The bootstrap's fixed default seed (0x5EED2024): documented so any interval can be reproduced. */
export const DEFAULT_SEED = 0x5eed2024;

/** mulberry32 (Tommy Ettinger's 32-bit generator): a function returning uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
