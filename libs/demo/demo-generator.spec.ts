import { DemoCustomer, generateDemoCustomers, yuan } from './demo-generator';
import { readIdNumber } from './id-number';
import { demoUnits, JIANGSU_CITIES } from './jiangsu-org';
import { demoUsers, DEMO_LOGINS } from './demo-logins';

const REFERENCE_DATE = '2026-03-15';

/** Within a tenth of the designed share (at least one percentage point): "roughly as designed". */
function expectShare(actual: number, designed: number): void {
  expect(Math.abs(actual - designed)).toBeLessThanOrEqual(Math.max(0.01, designed / 10));
}

function customers(count: number, seed = 42): DemoCustomer[] {
  return [...generateDemoCustomers({ customers: count, seed, referenceDate: REFERENCE_DATE })];
}

describe('generateDemoCustomers', () => {
  const sample = customers(10_000);

  it('gives the same rows for the same seed and size, and other rows for another seed', () => {
    expect(customers(200)).toEqual(sample.slice(0, 200));
    const other = customers(200, 7);
    expect(other.map((c) => c.idNumber)).not.toEqual(sample.slice(0, 200).map((c) => c.idNumber));
    expect(other).toHaveLength(200);
  });

  it('gives id numbers with valid check digits that match gender, birth date and the region of the city', () => {
    const regions = new Map(JIANGSU_CITIES.flatMap((c) => c.counties.map((county) => [county.code, county.regionCode])));
    const wrong = sample.filter((c) => {
      const read = readIdNumber(c.idNumber);
      return read?.gender !== c.gender || read.birthDate !== c.birthDate || c.idNumber.slice(0, 6) !== regions.get(c.orgUnitCode) ||
        c.birthDate < '1950-01-01' || c.birthDate > '2003-12-31';
    });
    expect(wrong).toEqual([]);
  });

  it('gives well-formed customer, policy and claim numbers, mobiles and e-mails, unique where they must be', () => {
    const policies = sample.flatMap((c) => c.policies);
    const claims = policies.flatMap((p) => p.claims);
    expect(sample.every((c) => /^C\d{9}$/.test(c.customerNo) && /^1[358]\d{9}$/.test(c.mobile))).toBe(true);
    expect(sample.every((c) => c.email === null || /^[a-z.]+\d*@example\.(com|cn|net|org)$/.test(c.email))).toBe(true);
    expect(policies.every((p) => /^P\d{12}$/.test(p.policyNo))).toBe(true);
    expect(claims.every((l) => /^L\d{12}$/.test(l.claimNo))).toBe(true);
    expect(new Set(policies.map((p) => p.policyNo)).size).toBe(policies.length);
    expect(new Set(claims.map((l) => l.claimNo)).size).toBe(claims.length);
  });

  it('gives holdings in the designed shares', () => {
    const share = (test: (c: DemoCustomer) => boolean): number => sample.filter(test).length / sample.length;
    const holds = (code: string) => (c: DemoCustomer) => c.policies.some((p) => p.productCode === code && p.status !== 'expired');
    const motor = (c: DemoCustomer) => holds('JQX')(c) || holds('SYX')(c);
    expectShare(share(motor), 0.85);
    expectShare(share(holds('JQX')), 0.85 * 0.98);
    expectShare(share((c) => holds('JQX')(c) && holds('SYX')(c)) / share(holds('JQX')), 0.75);
    expectShare(share(holds('JCX')), 0.12);
    expectShare(share(holds('YWX')), 0.15);
    expectShare(share(holds('JKX')), 0.08);
    expectShare(share(holds('LYX')), 0.03);
    expectShare(share(holds('ZRX')), 0.02);
    const twoYearsBefore = '2024-03-15';
    const recentlyExpired = (c: DemoCustomer) => c.policies.some((p) => p.status === 'expired' && p.startDate >= twoYearsBefore);
    expectShare(share(recentlyExpired), 0.1);
    // Half the customers with a policy have held one for two years or more: their first policy is kept.
    const longStanding = share((c) => c.policies.some((p) => p.startDate < twoYearsBefore));
    expectShare(longStanding / share((c) => c.policies.length > 0), 0.5);
    expectShare(share((c) => c.email !== null), 0.62);
    expectShare(share((c) => c.consentPhone), 0.85);
    expectShare(share((c) => c.consentSms), 0.8);
    expectShare(share((c) => c.consentAgentVisit), 0.5);
    expectShare(share((c) => c.doNotContactAt !== null), 0.02);
    expect(sample.every((c) => c.email !== null || !c.consentEmail)).toBe(true);

    const motorPolicies = sample.flatMap((c) => c.policies).filter((p) => p.productCode === 'JQX' || p.productCode === 'SYX');
    expectShare(motorPolicies.filter((p) => p.claims.length > 0).length / motorPolicies.length, 0.12);
  });

  it('keeps premiums and claim amounts in their ranges and claims inside their policy period', () => {
    const ranges: Record<string, [number, number]> = {
      JQX: [665, 1100], SYX: [1500, 9000], JCX: [200, 1200], YWX: [100, 600], JKX: [300, 3000], LYX: [30, 200], ZRX: [100, 500],
    };
    const policies = sample.flatMap((c) => c.policies);
    const badPremiums = policies.filter((p) => {
      const [low, high] = ranges[p.productCode];
      return p.premiumCents < low * 100 || p.premiumCents > high * 100 || p.endDate <= p.startDate;
    });
    expect(badPremiums).toEqual([]);
    const badClaims = policies.flatMap((p) =>
      p.claims.filter(
        (l) =>
          l.claimDate < p.startDate || l.claimDate > p.endDate || l.claimDate > REFERENCE_DATE ||
          l.amountCents < 200 * 100 || l.amountCents > 30_000 * 100,
      ),
    );
    expect(badClaims).toEqual([]);
  });

  it('spreads current policies so that renewals fall due in each of the next 12 months', () => {
    const active = sample.flatMap((c) => c.policies).filter((p) => p.status === 'active');
    expect(active.filter((p) => p.startDate > REFERENCE_DATE || p.endDate < REFERENCE_DATE)).toEqual([]);
    const months = new Map<string, number>();
    for (const p of active) months.set(p.endDate.slice(0, 7), (months.get(p.endDate.slice(0, 7)) ?? 0) + 1);
    expect(months.size).toBeGreaterThanOrEqual(12);
    const full = [...months.entries()].filter(([month]) => month > '2026-03' && month < '2027-03').map(([, n]) => n);
    expect(full).toHaveLength(11);
    expect(Math.min(...full) / Math.max(...full)).toBeGreaterThan(0.8);
  });

  it('formats cents as yuan with two decimals', () => {
    expect(yuan(66500)).toBe('665.00');
    expect(yuan(123405)).toBe('1234.05');
  });
});

describe('demo org and users', () => {
  it('has a province, 13 cities and about a hundred counties, with unique codes', () => {
    const units = demoUnits();
    expect(units.filter((u) => u.level === 3)).toHaveLength(13);
    expect(units.filter((u) => u.level === 4).length).toBeGreaterThanOrEqual(90);
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
  });

  it('has a branch executor for every city and county besides the named logins', () => {
    const users = demoUsers();
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    expect(users.length).toBe(DEMO_LOGINS.length + demoUnits().filter((u) => u.level >= 3).length);
    expect(users.find((u) => u.username === 'exec.js0108')).toMatchObject({ unit: '江宁支公司', role: 'branch_executor' });
  });
});
