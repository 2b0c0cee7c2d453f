import type { Language, LocalText } from '@lib/common/error-messages';
import type { LiftResult, LiftVerdict, SampleRatioCheck } from './lift-statistics';

/**
 * The plain-language lines under a lift: a code with its params (numbers already written
 * out, the same in both languages) and one table of texts that the web, the exports and
 * the API fill in the reader's language. Pure, so the web imports it as it is.
 */
export type LiftOutcome = 'conversion' | 'response';
export type LiftLineCode = LiftVerdict | 'sample_ratio_mismatch';

export interface LiftLine {
  code: LiftLineCode;
  outcome: LiftOutcome;
  params: Record<string, string>;
}

export const LIFT_OUTCOME_NAMES: Record<LiftOutcome, LocalText> = {
  conversion: { zh: '转化率', en: 'conversion rate' },
  response: { zh: '响应率', en: 'response rate' },
};

export const LIFT_LINE_TEXTS: Record<LiftLineCode, LocalText> = {
  no_treatment_group: {
    zh: '此范围内没有处理组客户，无从衡量{outcome}的提升。',
    en: 'There are no treatment members in this view, so there is no lift in {outcome} to measure.',
  },
  no_control_group: {
    zh: '本活动没有留出对照组，无法衡量{outcome}的提升；这里只有处理组的结果（{treatmentRate}）。',
    en: 'No control group was held out, so the lift in {outcome} cannot be measured; the figures are the treatment group’s alone ({treatmentRate}).',
  },
  control_too_small: {
    zh: '对照组太小，无法判断：处理组{outcome} {treatmentRate}，对照组 {controlRate}，相差 {lift} 个百分点；以这样的组规模，只有至少 {mde} 个百分点的提升才能被可靠地发现。',
    en: 'The control group is too small to tell: the {outcome} is {treatmentRate} in treatment and {controlRate} in control, {lift} points apart; with groups this size only a lift of at least {mde} points could have been detected.',
  },
  significant_up: {
    zh: '活动提高了{outcome}：处理组 {treatmentRate}，对照组 {controlRate}，高出 {lift} 个百分点（95% 置信区间 {low} 至 {high}，p {pValue}）。',
    en: 'The campaign raised the {outcome}: {treatmentRate} in treatment against {controlRate} in control, {lift} points (95% CI {low} to {high}, p {pValue}).',
  },
  significant_down: {
    zh: '活动降低了{outcome}：处理组 {treatmentRate}，对照组 {controlRate}，相差 {lift} 个百分点（95% 置信区间 {low} 至 {high}，p {pValue}）。',
    en: 'The campaign lowered the {outcome}: {treatmentRate} in treatment against {controlRate} in control, {lift} points (95% CI {low} to {high}, p {pValue}).',
  },
  no_significant_difference: {
    zh: '处理组与对照组的{outcome}没有显著差异（{treatmentRate} 对 {controlRate}，相差 {lift} 个百分点，95% 置信区间 {low} 至 {high}，p {pValue}）；若真实提升达到 {mde} 个百分点，本次大概率能够发现。',
    en: 'No significant difference in the {outcome} between treatment and control ({treatmentRate} against {controlRate}, {lift} points, 95% CI {low} to {high}, p {pValue}); a true lift of {mde} points or more would most likely have shown.',
  },
  sample_ratio_mismatch: {
    zh: '样本比例异常：计划对照组占 {planned}，实际占 {actual}（卡方检验 p {pValue}）；请先核查对照组的抽取，再解读提升。',
    en: 'Sample ratio mismatch: the control group was planned at {planned} of the members but is {actual} (chi-square p {pValue}); check how it was drawn before trusting the lift.',
  },
};

/** 0.1234 → "12.34%". */
export const percentText = (fraction: number): string => `${(100 * fraction).toFixed(2)}%`;
/** A difference of rates in percentage points with its sign: 0.0123 → "+1.23". */
export const pointsText = (fraction: number): string => {
  const points = (100 * fraction).toFixed(2);
  return fraction > 0 && points !== '0.00' ? `+${points}` : points === '-0.00' ? '0.00' : points;
};
/** "= 0.153", or "< 0.001" below it. */
export const pValueText = (p: number): string => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

/** The line that says what a lift allows one to conclude. */
export function liftLine(result: LiftResult, outcome: LiftOutcome): LiftLine {
  const params: Record<string, string> = {};
  if (result.treatmentRate !== null) params.treatmentRate = percentText(result.treatmentRate);
  if (result.controlRate !== null) params.controlRate = percentText(result.controlRate);
  if (result.absoluteLift !== null) params.lift = pointsText(result.absoluteLift);
  if (result.absoluteLiftCi) {
    params.low = pointsText(result.absoluteLiftCi.low);
    params.high = pointsText(result.absoluteLiftCi.high);
  }
  if (result.pValue !== null) params.pValue = pValueText(result.pValue);
  if (result.minDetectableLift !== null) params.mde = pointsText(result.minDetectableLift);
  return { code: result.verdict, outcome, params };
}

/** The warning of a sample-ratio mismatch; null when the groups fit the plan. */
export function sampleRatioLine(check: SampleRatioCheck, outcome: LiftOutcome): LiftLine | null {
  if (!check.mismatch || check.actualControlSharePct === null) return null;
  return {
    code: 'sample_ratio_mismatch',
    outcome,
    params: {
      planned: `${check.plannedControlSharePct.toFixed(2)}%`,
      actual: `${check.actualControlSharePct.toFixed(2)}%`,
      pValue: pValueText(check.pValue ?? 0),
    },
  };
}

/** A line in the reader's language. */
export function renderLiftLine(line: LiftLine, language: Language): string {
  const values: Record<string, string> = { ...line.params, outcome: LIFT_OUTCOME_NAMES[line.outcome][language] };
  return LIFT_LINE_TEXTS[line.code][language].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
