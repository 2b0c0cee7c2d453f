import { liftLine, pointsText, renderLiftLine, sampleRatioLine } from './lift-lines';
import { liftOf, normalCdf, normalQuantile, rateInterval, sampleRatioCheck } from './lift-statistics';

// The comments below multiply by z₀.₉₇₅ = 1.959964 and z₀.₉₇₅ + z₀.₈₀ = 2.801585 (tables).

describe('normal distribution', () => {
  it('agrees with the tables to 1e-7', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 8);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895, 8);
    expect(normalCdf(-3)).toBeCloseTo(0.001349898, 8);
    expect(normalCdf(-6)).toBeCloseTo(9.865876e-10, 14);
    expect(normalCdf(8.5)).toBe(1 - normalCdf(-8.5));
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621234, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975) + normalQuantile(0.8)).toBeCloseTo(2.801585, 6);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it('inverts: Φ(Φ⁻¹(p)) = p across the range', () => {
    for (const p of [1e-9, 0.001, 0.02425, 0.1, 0.5, 0.9, 0.97575, 0.999]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 7);
  });
});

describe(liftOf.name, () => {
  it('a textbook example without a significant difference: 120 of 1,000 against 100 of 1,000', () => {
    const result = liftOf({ treatment: { members: 1000, outcomes: 120 }, control: { members: 1000, outcomes: 100 }, plannedControlSharePct: 50 });
    // p1 = 0.12, p0 = 0.10, lift 0.02.
    expect(result.treatmentRate).toBeCloseTo(0.12, 12);
    expect(result.controlRate).toBeCloseTo(0.1, 12);
    expect(result.absoluteLift).toBeCloseTo(0.02, 12);
    // Unpooled SE = √(0.12·0.88/1000 + 0.10·0.90/1000) = √0.0001956 = 0.0139857; 0.02 ± 1.959964·0.0139857 = 0.02 ± 0.0274115.
    expect(result.absoluteLiftCi!.low).toBeCloseTo(-0.0074115, 6);
    expect(result.absoluteLiftCi!.high).toBeCloseTo(0.0474115, 6);
    // Pooled p̄ = 220/2000 = 0.11; SE = √(0.11·0.89·(2/1000)) = 0.0139929; z = 0.02/0.0139929 = 1.429301; p = 2·Φ(−1.429301) = 0.152918.
    expect(result.pValue).toBeCloseTo(0.152918, 5);
    // Relative 0.12/0.10 − 1 = 0.2; SE of log = √(1/120 − 1/1000 + 1/100 − 1/1000) = √0.0163333 = 0.127802;
    // log 1.2 = 0.182322 ± 1.959964·0.127802 = ± 0.250487 → exp(−0.068165) − 1 = −0.065894, exp(0.432809) − 1 = 0.541581.
    expect(result.relativeLift).toBeCloseTo(0.2, 12);
    expect(result.relativeLiftCi!.low).toBeCloseTo(-0.065894, 5);
    expect(result.relativeLiftCi!.high).toBeCloseTo(0.541581, 5);
    // Incremental 0.02·1000 = 20 converters, interval 1000·[−0.0074115, 0.0474115].
    expect(result.incrementalOutcomes).toBeCloseTo(20, 9);
    expect(result.incrementalOutcomesCi!.low).toBeCloseTo(-7.4115, 3);
    expect(result.incrementalOutcomesCi!.high).toBeCloseTo(47.4115, 3);
    expect(result.incrementalPremium).toBeNull();
    // MDE = 2.801585·√(0.1·0.9·(2/1000)) = 2.801585·0.0134164 = 0.0375872, below the control rate 0.10.
    expect(result.minDetectableLift).toBeCloseTo(0.0375872, 6);
    expect(result.verdict).toBe('no_significant_difference');
    // 1,000 of 2,000 in control, as planned: χ² = 0, p = 1.
    expect(result.sampleRatio).toEqual({ plannedControlSharePct: 50, actualControlSharePct: 50, chiSquare: 0, pValue: 1, mismatch: false });
  });

  it('a significant lift with incremental premium: 225 of 4,500 against 15 of 500, ¥675,000 written by the treatment', () => {
    const result = liftOf({
      treatment: { members: 4500, outcomes: 225 }, control: { members: 500, outcomes: 15 }, plannedControlSharePct: 10, treatmentPremium: 675000,
    });
    // p1 = 0.05, p0 = 0.03. Unpooled SE = √(0.05·0.95/4500 + 0.03·0.97/500) = √(0.0000105556 + 0.0000582) = 0.0082919;
    // 0.02 ± 1.959964·0.0082919 = 0.02 ± 0.0162518.
    expect(result.absoluteLiftCi!.low).toBeCloseTo(0.0037482, 6);
    expect(result.absoluteLiftCi!.high).toBeCloseTo(0.0362518, 6);
    // p̄ = 240/5000 = 0.048; SE = √(0.048·0.952·(1/4500 + 1/500)) = 0.0100770; z = 1.984710; p = 0.047177.
    expect(result.pValue).toBeCloseTo(0.047177, 5);
    expect(result.verdict).toBe('significant_up');
    // Relative 0.05/0.03 − 1 = 0.666667; SE of log = √(1/225 − 1/4500 + 1/15 − 1/500) = √0.0688889 = 0.262467;
    // log(5/3) = 0.510826 ± 0.514426 → [exp(−0.003600) − 1, exp(1.025252) − 1] = [−0.003594, 1.787796]
    // (the ratio's interval still holds 0: the log scale is wider for 15 control converters).
    expect(result.relativeLift).toBeCloseTo(0.666667, 5);
    expect(result.relativeLiftCi!.low).toBeCloseTo(-0.003594, 5);
    expect(result.relativeLiftCi!.high).toBeCloseTo(1.787796, 5);
    // 0.02·4500 = 90 incremental converters [16.8668, 163.1332]; mean premium 675000/225 = ¥3,000, so ¥270,000 [50,600.44, 489,399.56].
    expect(result.incrementalOutcomes).toBeCloseTo(90, 9);
    expect(result.incrementalPremium).toBeCloseTo(270000, 4);
    expect(result.incrementalPremiumCi!.low).toBeCloseTo(50600.44, 1);
    expect(result.incrementalPremiumCi!.high).toBeCloseTo(489399.56, 1);
    // MDE = 2.801585·√(0.03·0.97·(1/4500 + 1/500)) = 2.801585·0.0080416 = 0.0225291.
    expect(result.minDetectableLift).toBeCloseTo(0.0225291, 6);
    expect(result.sampleRatio.mismatch).toBe(false);
  });

  it('a lowered rate is significant down', () => {
    // Same groups mirrored: p1 = 0.03 of 4500, p0 = 0.05 of 500; p̄ = (135 + 25)/5000 = 0.032,
    // SE = √(0.032·0.968·(1/4500 + 1/500)) = 0.0082967; z = −0.02/0.0082967 = −2.410591; p = 0.015927.
    const result = liftOf({ treatment: { members: 4500, outcomes: 135 }, control: { members: 500, outcomes: 25 }, plannedControlSharePct: 10 });
    expect(result.pValue).toBeCloseTo(0.015927, 5);
    expect(result.verdict).toBe('significant_down');
  });

  it('zero conversions in control: no relative lift, and too few control outcomes to tell', () => {
    const result = liftOf({ treatment: { members: 900, outcomes: 18 }, control: { members: 100, outcomes: 0 }, plannedControlSharePct: 10 });
    // p1 = 0.02, p0 = 0: relative lift divides by 0, so it is left out.
    expect(result.relativeLift).toBeNull();
    expect(result.relativeLiftCi).toBeNull();
    // Unpooled SE = √(0.02·0.98/900 + 0) = 0.0046667; 0.02 ± 0.0091465.
    expect(result.absoluteLiftCi!.low).toBeCloseTo(0.0108535, 6);
    expect(result.absoluteLiftCi!.high).toBeCloseTo(0.0291465, 6);
    // p̄ = 18/1000 = 0.018; SE = √(0.018·0.982·(1/900 + 1/100)) = 0.0140143; z = 1.427116; p = 0.153546.
    expect(result.pValue).toBeCloseTo(0.153546, 5);
    // Baseline (0 + ½)/(100 + 1) = 0.0049505; MDE = 2.801585·√(0.0049505·0.9950495·(1/900 + 1/100)) = 2.801585·0.0073982 = 0.0207267.
    expect(result.minDetectableLift).toBeCloseTo(0.0207267, 6);
    // Control expects 100·0.018 = 1.8 converters, under 5: the z-test does not hold.
    expect(result.verdict).toBe('control_too_small');
  });

  it('zero conversions in both groups: a zero lift with a collapsed interval, p = 1, too small to tell', () => {
    const result = liftOf({ treatment: { members: 450, outcomes: 0 }, control: { members: 50, outcomes: 0 }, plannedControlSharePct: 10 });
    expect(result.absoluteLift).toBe(0);
    expect(result.absoluteLiftCi).toEqual({ low: 0, high: 0 });
    expect(result.pValue).toBe(1);
    expect(result.relativeLift).toBeNull();
    expect(result.incrementalOutcomes).toBe(0);
    // Baseline ½/51 = 0.0098039; MDE = 2.801585·√(0.0098039·0.9901961·(1/450 + 1/50)) = 2.801585·0.0146877 = 0.0411489.
    expect(result.minDetectableLift).toBeCloseTo(0.0411489, 6);
    expect(result.verdict).toBe('control_too_small');
  });

  it('a tiny control group (3 members) is too small even where the z-test alone would call it significant', () => {
    const result = liftOf({ treatment: { members: 27, outcomes: 18 }, control: { members: 3, outcomes: 0 }, plannedControlSharePct: 10 });
    // p̄ = 18/30 = 0.6; SE = √(0.6·0.4·(1/27 + 1/3)) = √0.0888889 = 0.298142; z = 0.666667/0.298142 = 2.236068; p = 0.025347 < 0.05,
    expect(result.pValue).toBeCloseTo(0.025347, 5);
    // but the control expects 3·0.6 = 1.8 converters and 1.2 others, under 5.
    expect(result.verdict).toBe('control_too_small');
    // Unpooled SE = √((2/3)(1/3)/27) = 0.0907218; 0.666667 ± 0.177811.
    expect(result.absoluteLiftCi!.low).toBeCloseTo(0.488855, 5);
    expect(result.absoluteLiftCi!.high).toBeCloseTo(0.844478, 5);
    // Baseline ½/4 = 0.125; MDE = 2.801585·√(0.125·0.875·(1/27 + 1/3)) = 2.801585·0.201269 = 0.563873.
    expect(result.minDetectableLift).toBeCloseTo(0.563873, 5);
    const line = renderLiftLine(liftLine(result, 'conversion'), 'en');
    expect(line).toContain('too small to tell');
    expect(line).toContain('at least +56.39 points');
    expect(renderLiftLine(liftLine(result, 'conversion'), 'zh')).toContain('至少 +56.39 个百分点');
  });

  it('no control group: the treatment rate alone, no lift', () => {
    const result = liftOf({ treatment: { members: 500, outcomes: 25 }, control: { members: 0, outcomes: 0 }, plannedControlSharePct: 0 });
    expect(result.treatmentRate).toBeCloseTo(0.05, 12);
    expect(result.controlRate).toBeNull();
    expect(result).toMatchObject({ absoluteLift: null, pValue: null, relativeLift: null, incrementalOutcomes: null, minDetectableLift: null });
    expect(result.verdict).toBe('no_control_group');
    // None planned and none drawn: nothing to test.
    expect(result.sampleRatio).toEqual({ plannedControlSharePct: 0, actualControlSharePct: 0, chiSquare: null, pValue: null, mismatch: false });
    expect(renderLiftLine(liftLine(result, 'response'), 'en')).toBe(
      'No control group was held out, so the lift in response rate cannot be measured; the figures are the treatment group’s alone (5.00%).',
    );
  });

  it('no treatment members in view', () => {
    expect(liftOf({ treatment: { members: 0, outcomes: 0 }, control: { members: 0, outcomes: 0 }, plannedControlSharePct: 10 }).verdict).toBe('no_treatment_group');
  });

  it('every treatment member converted', () => {
    const result = liftOf({ treatment: { members: 400, outcomes: 400 }, control: { members: 100, outcomes: 75 }, plannedControlSharePct: 20 });
    // p1 = 1 adds nothing to the unpooled SE: √(0 + 0.75·0.25/100) = 0.0433013; 0.25 ± 0.0848689.
    expect(result.absoluteLiftCi!.low).toBeCloseTo(0.1651311, 6);
    expect(result.absoluteLiftCi!.high).toBeCloseTo(0.3348689, 6);
    // p̄ = 475/500 = 0.95; control expects 100·0.05 = 5 non-converters, just enough; SE = √(0.95·0.05·(1/400 + 1/100)) = 0.0243670;
    // z = 10.259784; p = 2·Φ(−10.26) ≈ 1.1e-24.
    expect(result.pValue).toBeLessThan(1e-20);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.verdict).toBe('significant_up');
    // Relative 1/0.75 − 1 = 0.333333; SE of log = √(1/400 − 1/400 + 1/75 − 1/100) = √0.0033333 = 0.0577350;
    // log(4/3) = 0.287682 ± 0.113159 → [0.190679, 0.493079].
    expect(result.relativeLiftCi!.low).toBeCloseTo(0.190679, 5);
    expect(result.relativeLiftCi!.high).toBeCloseTo(0.493079, 5);
    // MDE = 2.801585·√(0.75·0.25·(1/400 + 1/100)) = 2.801585·0.0484123 = 0.135631.
    expect(result.minDetectableLift).toBeCloseTo(0.135631, 5);
  });

  it('everyone converted in both groups: no difference to test', () => {
    const result = liftOf({ treatment: { members: 100, outcomes: 100 }, control: { members: 20, outcomes: 20 }, plannedControlSharePct: 20 });
    expect(result.absoluteLift).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.relativeLift).toBe(0);
    expect(result.relativeLiftCi).toEqual({ low: 0, high: 0 });
    expect(result.verdict).toBe('control_too_small');
  });

  it('refuses counts that cannot be', () => {
    expect(() => liftOf({ treatment: { members: 10, outcomes: 11 }, control: { members: 5, outcomes: 0 }, plannedControlSharePct: 10 })).toThrow(RangeError);
    expect(() => liftOf({ treatment: { members: 10.5, outcomes: 1 }, control: { members: 5, outcomes: 0 }, plannedControlSharePct: 10 })).toThrow(RangeError);
  });

  it('states its lines in both languages with the figures written out', () => {
    const result = liftOf({ treatment: { members: 4500, outcomes: 225 }, control: { members: 500, outcomes: 15 }, plannedControlSharePct: 10 });
    expect(renderLiftLine(liftLine(result, 'conversion'), 'en')).toBe(
      'The campaign raised the conversion rate: 5.00% in treatment against 3.00% in control, +2.00 points (95% CI +0.37 to +3.63, p = 0.047).',
    );
    expect(renderLiftLine(liftLine(result, 'conversion'), 'zh')).toBe(
      '活动提高了转化率：处理组 5.00%，对照组 3.00%，高出 +2.00 个百分点（95% 置信区间 +0.37 至 +3.63，p = 0.047）。',
    );
    expect(pointsText(-0.00001)).toBe('0.00');
    expect(pointsText(-0.0123)).toBe('-1.23');
  });
});

describe(sampleRatioCheck.name, () => {
  it('warns when the control share strays: 60 of 960 against 10% planned', () => {
    // Expected 96 control and 864 treatment; χ² = (60 − 96)²/96 + (900 − 864)²/864 = 13.5 + 1.5 = 15;
    // p = 2·Φ(−√15) = 2·Φ(−3.872983) = 0.000107511 < 0.001.
    const check = sampleRatioCheck(900, 60, 10);
    expect(check.chiSquare).toBeCloseTo(15, 10);
    expect(check.pValue).toBeCloseTo(0.000107511, 8);
    expect(check.actualControlSharePct).toBeCloseTo(6.25, 10);
    expect(check.mismatch).toBe(true);
    expect(renderLiftLine(sampleRatioLine(check, 'conversion')!, 'en')).toBe(
      'Sample ratio mismatch: the control group was planned at 10.00% of the members but is 6.25% (chi-square p < 0.001); check how it was drawn before trusting the lift.',
    );
    expect(renderLiftLine(sampleRatioLine(check, 'conversion')!, 'zh')).toContain('计划对照组占 10.00%，实际占 6.25%');
  });

  it('passes a share within chance: 90 of 990 against 10% planned', () => {
    // Expected 99 and 891; χ² = 81/99 + 81/891 = 0.818182 + 0.090909 = 0.909091; p = 2·Φ(−0.953463) = 0.340356.
    const check = sampleRatioCheck(900, 90, 10);
    expect(check.chiSquare).toBeCloseTo(0.909091, 6);
    expect(check.pValue).toBeCloseTo(0.340356, 5);
    expect(check.mismatch).toBe(false);
    expect(sampleRatioLine(check, 'conversion')).toBeNull();
  });

  it('a control group where none was planned is a mismatch', () => {
    expect(sampleRatioCheck(100, 5, 0)).toEqual({ plannedControlSharePct: 0, actualControlSharePct: (100 * 5) / 105, chiSquare: null, pValue: 0, mismatch: true });
  });
});

describe(rateInterval.name, () => {
  it("is a group's rate with its Wald interval, clipped to 0–100%", () => {
    // 120/1000 = 0.12 ± 1.959964·√(0.12·0.88/1000) = 0.12 ± 1.959964·0.0102762 = 0.12 ± 0.0201410.
    const interval = rateInterval({ members: 1000, outcomes: 120 })!;
    expect(interval.rate).toBeCloseTo(0.12, 12);
    expect(interval.low).toBeCloseTo(0.099859, 5);
    expect(interval.high).toBeCloseTo(0.140141, 5);
    // 1/3 ± 1.959964·√((1/3)(2/3)/3) = 0.333333 ± 0.533435: below 0 is clipped.
    expect(rateInterval({ members: 3, outcomes: 1 })).toMatchObject({ low: 0, high: expect.closeTo(0.866768, 5) });
    expect(rateInterval({ members: 0, outcomes: 0 })).toBeNull();
  });
});
