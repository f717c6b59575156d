import { seededRandom, type Random } from "@codespar/sandbox";

/**
 * The sandbox's seeded PRNG (mulberry32) for everything the suite decides at random (amounts,
 * item kinds, kill points, fault phases), so a failing seed replays the same plan.
 */
export type Rng = Random;

export const seededRng: (seed: number) => Rng = seededRandom;

/** Integer in lo..hi, both included. */
export function intIn(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

export function shuffle<T>(r: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}
