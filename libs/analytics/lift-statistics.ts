/**
 * Lift of a campaign over its control group for one binary outcome (a member converted,
 * or responded): pure arithmetic shared by the API, the exports and the web, explained
 * for readers in docs/roi-dashboards.md. Rates divide by the group's members at launch
 * (docs/figures.md), so the groups are compared as drawn.
 *
 * Choices, each the textbook one:
 * - absolute lift p1 − p0 with a 95% Wald interval from the unpooled standard error
 *   √(p1(1−p1)/n1 + p0(1−p0)/n0): it describes the difference as observed, with no
 *   assumption that the groups are alike;
 * - the p-value of the two-sided two-proportion z-test with the pooled standard error
 *   √(p̄(1−p̄)(1/n1 + 1/n0)), p̄ = (x1 + x0)/(n1 + n0): under "no effect" both groups share
 *   one rate, so the test estimates it from both;
 * - relative lift (p1 − p0)/p0 = p1/p0 − 1 with a 95% interval from the delta method on
 *   log(p1/p0), SE = √(1/x1 − 1/n1 + 1/x0 − 1/n0), taken back with exp; undefined when
 *   p0 = 0 (only the absolute lift is given), and without an interval when x1 = 0;
 * - incremental outcomes (p1 − p0)·n1, the treatment members who would not have had the
 *   outcome without the campaign, with the absolute interval times n1; incremental premium
 *   is that times the mean premium of a treatment converter (premium held fixed);
 * - the minimum detectable lift at 80% power and α = 0.05 (two-sided) for these group sizes:
 *   (z₀.₉₇₅ + z₀.₈₀)·√(b(1−b)(1/n1 + 1/n0)) with b the control rate, or (x0 + ½)/(n0 + 1) when
 *   the control shows none or all (no spread to read from 0% or 100%);
 * - the sample-ratio check: chi-square goodness of fit (1 degree of freedom) of the groups'
 *   sizes against the planned control share, a warning below p = 0.001.
 *
 * The normal distribution is computed here rather than taken from a package: the CDF by
 * Hart's double-precision algorithm as published by West (2005, "Better approximations to
 * cumulative normal functions", absolute error below 1e-14), the quantile by Acklam's
 * rational approximation (relative error below 1.15e-9).
 */

export interface GroupOutcome {
  /** Members of the group at launch. */
  members: number;
  /** Members with the outcome: converters (members with at least one conversion), or responders. */
  outcomes: number;
}

export interface LiftInput {
  treatment: GroupOutcome;
  control: GroupOutcome;
  /** The control share the plan asked for, in percent (campaign_launches.control_share_pct). */
  plannedControlSharePct: number;
  /** Yuan of premium written by the treatment group's converters; gives the incremental premium. Leave out for responses. */
  treatmentPremium?: number;
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * What the comparison allows one to say, in this order: a group is missing; the groups are
 * too small for the z-test (fewer than 5 expected outcomes or non-outcomes in a group at the
 * pooled rate) or not significant with a detectable lift at least the control rate itself
 * (only a doubling could have shown); significant at 5% up or down; else no significant difference.
 */
export const LIFT_VERDICTS = [
  'no_treatment_group',
  'no_control_group',
  'control_too_small',
  'significant_up',
  'significant_down',
  'no_significant_difference',
] as const;
export type LiftVerdict = (typeof LIFT_VERDICTS)[number];

export interface SampleRatioCheck {
  plannedControlSharePct: number;
  /** Control members over all members, in percent; null without members. */
  actualControlSharePct: number | null;
  /** Null when there is nothing to test (no members, or no control planned and none drawn) or a group planned empty has members. */
  chiSquare: number | null;
  pValue: number | null;
  /** The actual share strays from the planned one beyond chance (p < 0.001). */
  mismatch: boolean;
}

/** Rates and lifts are fractions (0.12 is 12%); lifts are null where the text above says they are undefined. */
export interface LiftResult {
  treatmentRate: number | null;
  controlRate: number | null;
  absoluteLift: number | null;
  absoluteLiftCi: Interval | null;
  pValue: number | null;
  relativeLift: number | null;
  relativeLiftCi: Interval | null;
  incrementalOutcomes: number | null;
  incrementalOutcomesCi: Interval | null;
  incrementalPremium: number | null;
  incrementalPremiumCi: Interval | null;
  /** The smallest absolute lift these group sizes detect 80% of the time at α = 0.05. */
  minDetectableLift: number | null;
  verdict: LiftVerdict;
  sampleRatio: SampleRatioCheck;
}

export const SIGNIFICANCE_LEVEL = 0.05;
export const POWER = 0.8;
export const SAMPLE_RATIO_ALERT_P = 0.001;
/** The two-proportion z-test's rule of thumb: at least this many expected outcomes and non-outcomes per group. */
const MIN_EXPECTED_COUNT = 5;

/** Φ(x), the standard normal CDF (Hart 1968 / West 2005). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const e = Math.exp(-(z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let d = z + 0.65;
      d = z + 4 / d;
      d = z + 3 / d;
      d = z + 2 / d;
      d = z + 1 / d;
      tail = e / d / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p) for 0 < p < 1 (Acklam), e.g. 1.959964 for 0.975. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const tail = (q: number) =>
    (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

const Z_CI = normalQuantile(1 - SIGNIFICANCE_LEVEL / 2);
const Z_POWER = normalQuantile(POWER);

/** Two-sided p-value of a standard normal statistic. */
function twoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z));
}

const around = (centre: number, halfWidth: number): Interval => ({ low: centre - halfWidth, high: centre + halfWidth });
const scaled = (interval: Interval, factor: number): Interval => ({ low: interval.low * factor, high: interval.high * factor });

/**
 * One group's rate with its 95% Wald interval p ± z·√(p(1−p)/n), clipped to [0, 1]: the
 * error bar of a group on the dashboard. Null without members.
 */
export function rateInterval(group: GroupOutcome): (Interval & { rate: number }) | null {
  if (group.members === 0) return null;
  const rate = group.outcomes / group.members;
  const halfWidth = Z_CI * Math.sqrt((rate * (1 - rate)) / group.members);
  return { rate, low: Math.max(0, rate - halfWidth), high: Math.min(1, rate + halfWidth) };
}

/** The lift of one outcome of a campaign: see the file's comment for every formula. */
export function liftOf(input: LiftInput): LiftResult {
  const { members: n1, outcomes: x1 } = input.treatment;
  const { members: n0, outcomes: x0 } = input.control;
  for (const [name, value] of Object.entries({ n1, x1, n0, x0 })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  }
  if (x1 > n1 || x0 > n0) throw new RangeError('a group cannot have more outcomes than members');

  const sampleRatio = sampleRatioCheck(n1, n0, input.plannedControlSharePct);
  const treatmentRate = n1 > 0 ? x1 / n1 : null;
  const controlRate = n0 > 0 ? x0 / n0 : null;
  const none = {
    absoluteLift: null, absoluteLiftCi: null, pValue: null, relativeLift: null, relativeLiftCi: null,
    incrementalOutcomes: null, incrementalOutcomesCi: null, incrementalPremium: null, incrementalPremiumCi: null,
    minDetectableLift: null,
  };
  if (treatmentRate === null) return { treatmentRate, controlRate, ...none, verdict: 'no_treatment_group', sampleRatio };
  if (controlRate === null) return { treatmentRate, controlRate, ...none, verdict: 'no_control_group', sampleRatio };

  const p1 = treatmentRate;
  const p0 = controlRate;
  const absoluteLift = p1 - p0;
  const unpooledSe = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  const absoluteLiftCi = around(absoluteLift, Z_CI * unpooledSe);

  const pooled = (x1 + x0) / (n1 + n0);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  // A pooled rate of 0 or 1 means both groups are all alike: no difference to test.
  const pValue = pooledSe > 0 ? twoSidedP(absoluteLift / pooledSe) : 1;

  let relativeLift: number | null = null;
  let relativeLiftCi: Interval | null = null;
  if (p0 > 0) {
    relativeLift = p1 / p0 - 1;
    if (x1 > 0) {
      const logSe = Math.sqrt(1 / x1 - 1 / n1 + 1 / x0 - 1 / n0);
      const logRatio = Math.log(p1 / p0);
      relativeLiftCi = { low: Math.exp(logRatio - Z_CI * logSe) - 1, high: Math.exp(logRatio + Z_CI * logSe) - 1 };
    }
  }

  const incrementalOutcomes = absoluteLift * n1;
  const incrementalOutcomesCi = scaled(absoluteLiftCi, n1);
  const meanPremium = input.treatmentPremium !== undefined && x1 > 0 ? input.treatmentPremium / x1 : null;

  const baseline = x0 > 0 && x0 < n0 ? p0 : (x0 + 0.5) / (n0 + 1);
  const minDetectableLift = (Z_CI + Z_POWER) * Math.sqrt(baseline * (1 - baseline) * (1 / n1 + 1 / n0));

  // Expected counts n·p̄ and n·(1 − p̄), compared in whole numbers (n·hits ≥ 5·total) so that 5 is never 4.999….
  const total = n1 + n0;
  const hits = x1 + x0;
  const testHolds = [n1 * hits, n1 * (total - hits), n0 * hits, n0 * (total - hits)].every((count) => count >= MIN_EXPECTED_COUNT * total);
  let verdict: LiftVerdict;
  if (!testHolds) verdict = 'control_too_small';
  else if (pValue < SIGNIFICANCE_LEVEL) verdict = absoluteLift > 0 ? 'significant_up' : 'significant_down';
  else verdict = minDetectableLift >= baseline ? 'control_too_small' : 'no_significant_difference';

  return {
    treatmentRate, controlRate, absoluteLift, absoluteLiftCi, pValue, relativeLift, relativeLiftCi,
    incrementalOutcomes, incrementalOutcomesCi,
    incrementalPremium: meanPremium === null ? null : incrementalOutcomes * meanPremium,
    incrementalPremiumCi: meanPremium === null ? null : scaled(incrementalOutcomesCi, meanPremium),
    minDetectableLift, verdict, sampleRatio,
  };
}

/**
 * Whether the groups' sizes fit the planned control share: χ² = Σ (observed − expected)²/expected
 * over the two groups, 1 degree of freedom, so p = 2·Φ(−√χ²).
 */
export function sampleRatioCheck(treatmentMembers: number, controlMembers: number, plannedControlSharePct: number): SampleRatioCheck {
  const total = treatmentMembers + controlMembers;
  const planned = plannedControlSharePct;
  if (total === 0) return { plannedControlSharePct: planned, actualControlSharePct: null, chiSquare: null, pValue: null, mismatch: false };
  const actualControlSharePct = (100 * controlMembers) / total;
  const expectedControl = (total * planned) / 100;
  const expectedTreatment = total - expectedControl;
  const observed = [controlMembers, treatmentMembers];
  const expected = [expectedControl, expectedTreatment];
  if (expected.some((e) => e === 0)) {
    // A group planned empty: any member in it is a mismatch, none is nothing to test.
    const strays = expected.some((e, i) => e === 0 && observed[i] > 0);
    return { plannedControlSharePct: planned, actualControlSharePct, chiSquare: null, pValue: strays ? 0 : null, mismatch: strays };
  }
  const chiSquare = expected.reduce((sum, e, i) => sum + (observed[i] - e) ** 2 / e, 0);
  const pValue = twoSidedP(Math.sqrt(chiSquare));
  return { plannedControlSharePct: planned, actualControlSharePct, chiSquare, pValue, mismatch: pValue < SAMPLE_RATIO_ALERT_P };
}
