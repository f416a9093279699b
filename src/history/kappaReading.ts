/**
 * Reading a κ in words: the Landis & Koch bands (Landis & Koch, "The measurement of observer
 * agreement for categorical data", Biometrics 33 (1977), 159–174, p. 165) applied to the value and
 * to both ends of its interval, and what that means for taking the judge's ○/△/× in place of the
 * reference's. An undefined κ or an interval that is not estimable is said so, never read as a band;
 * "can stand in" needs at least `STAND_IN_MIN_UNITS` units and a real interval above 0.8.
 */
import type { Interval } from './kappaInterval.ts';

/** Landis & Koch's six bands, lowest first: the upper bound of each (inclusive). */
export const LANDIS_KOCH: ReadonlyArray<{ upTo: number; band: string }> = [
  { upTo: 0, band: 'poor' },
  { upTo: 0.2, band: 'slight' },
  { upTo: 0.4, band: 'fair' },
  { upTo: 0.6, band: 'moderate' },
  { upTo: 0.8, band: 'substantial' },
  { upTo: 1, band: 'almost perfect' },
];

/** Fewer units than this never read as "the judge can stand in", however high the interval. */
export const STAND_IN_MIN_UNITS = 30;

/** The Landis & Koch band of a κ value. */
export function landisKochBand(kappa: number): string {
  return (LANDIS_KOCH.find((b) => kappa <= b.upTo + 1e-12) ?? LANDIS_KOCH.at(-1)!).band;
}

/** One line reading κ with its interval and n: the band, the bands the interval spans, and what to trust. */
export function readKappa(kappa: number | null, interval: Interval, n: number, undefinedReason: string | null = null): string {
  if (kappa === null) {
    return `${undefinedReason ?? 'κ undefined'}: agreement alone says nothing about the judge here; calibrate on units with other verdicts (a larger --sample).`;
  }
  const band = landisKochBand(kappa);
  const few = n < STAND_IN_MIN_UNITS ? `; only ${n} units, so the interval is wide and a second sample may read differently` : '';
  const skipped = interval.undefinedResamples ? `; ${interval.undefinedResamples} resamples with κ undefined left out` : '';
  if (interval.low === null || interval.high === null) {
    return `κ ${kappa.toFixed(3)} is ${band} (Landis & Koch); ${interval.notEstimable ?? 'interval not estimable'} (n=${n})${few}${skipped}: without an interval this κ is no ground for letting the judge replace the reference; calibrate on more units (a larger --sample).`;
  }
  const lo = landisKochBand(interval.low);
  const hi = landisKochBand(interval.high);
  const spans = lo === hi ? `the whole interval is ${lo}` : `the interval spans ${lo} to ${hi}`;
  const trust =
    interval.low > 0.8
      ? n >= STAND_IN_MIN_UNITS
        ? "the judge's ○/△/× can stand in for the reference's; read the disagreements for systematic ones"
        : `the judge's ○/△/× match the reference's on these units, but ${n} units are too few to let it stand in (at least ${STAND_IN_MIN_UNITS}: a larger --sample)`
      : interval.low > 0.6
        ? "the judge's ○/△/× mostly match the reference's; check its verdicts on the units listed as disagreements before relying on single verdicts"
        : interval.low > 0.4
          ? "the judge's verdicts are useful for totals over many units, not for single ○/△/× calls; tune the judge prompt on the dev split"
          : "do not take the judge's ○/△/× in place of the reference's yet: its agreement could be no better than fair";
  return `κ ${kappa.toFixed(3)} is ${band} (Landis & Koch); ${spans} (n=${n})${few}${skipped}: ${trust}.`;
}
