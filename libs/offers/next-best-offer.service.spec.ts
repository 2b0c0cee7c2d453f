import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError } from '@lib/common';
import {
  createCustomer,
  createFixtureOrg,
  createPolicy,
  createProducts,
  createUser,
  FixtureOrg,
  resetState,
  scopeOf,
} from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { BundleService } from './bundle.service';
import { DEMO_BUNDLES } from './demo-bundles';
import { NextBestOfferService } from './next-best-offer.service';

/** 'YYYY-MM-DD', `days` from today. */
/** A day counted from today in Beijing, whose date decides which bundles are on sale. */
function day(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A policy that runs for a year and ends `endsInDays` from today. */
function policyEnding(endsInDays: number) {
  return { start_date: day(endsInDays - 365), end_date: day(endsInDays) };
}

describe(NextBestOfferService.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let service: NextBestOfferService;
  let province: OrgScope;

  /** A customer of county A1 holding the given products, their policies ending in 200 days unless told. */
  const customerHolding = async (tier: string | null, products: string[], endsInDays: Record<string, number> = {}) => {
    const id = await createCustomer(db, org.countyA1, { value_tier: tier });
    for (const code of products) await createPolicy(db, id, code, policyEnding(endsInDays[code] ?? 200));
    return id;
  };

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const userId = await createUser(db, 'segments.province', org.province, ['segment_manager']);
    province = await scopeOf(db, org.province);
    const bundles = app.get(BundleService);
    // The demo bundles, on sale from a month ago for a year whatever the day the test runs.
    for (const demo of DEMO_BUNDLES) await bundles.create(province, userId, { ...demo, validFrom: day(-30), validTo: day(335) });
    const motorRule = { type: 'condition' as const, field: 'holds_line', operator: 'has', value: 'motor_commercial' };
    const expensive = { productCodes: ['SYX', 'LYX'], price: 90_000, eligibilityRule: motorRule };
    await bundles.create(province, userId, { ...expensive, code: 'EXPIRED', name: '已过期', validFrom: day(-60), validTo: day(-1) });
    await bundles.create(province, userId, { ...expensive, code: 'NOT_YET', name: '未开始', validFrom: day(1), validTo: day(60) });
    await bundles.create(province, userId, { ...expensive, code: 'INACTIVE', name: '已停售', validFrom: day(-1), validTo: day(60), active: false });
    service = app.get(NextBestOfferService);
  });

  afterAll(async () => {
    await app.close();
  });

  it('offers a commercial motor holder without home cover the motor + home bundle first, and says why', async () => {
    const customer = await customerHolding('gold', ['SYX']);
    const offers = await service.forCustomer(province, customer);
    expect(offers.map((offer) => offer.code)).toEqual(['MOTOR_HOME', 'DRIVER_ACCIDENT']);
    expect(offers[0]).toMatchObject({
      name: '车险+家财 安居组合',
      price: 4600,
      discountPct: 12,
      bundlePremium: 4048,
      acceptanceRate: 0.12,
      expectedValue: 485.76,
      shortText: expect.stringContaining('家财险'),
    });
    expect(offers[0].talkingPoints.length).toBeGreaterThan(0);
    expect(offers[0].reason.zh).toBe('持有商业车险；未持有家财险；金牌客户的预估接受率 12%（先验值）');
    expect(offers[0].reason.en).toContain('holds commercial motor; has no home property policy');
  });

  it('names only the condition that held in an any-group in the reason', async () => {
    const customer = await customerHolding('gold', ['SYX']);
    const [, accident] = await service.forCustomer(province, customer);
    expect(accident.reason.zh).toBe('持有商业车险；未持有意外险；年龄在 25–60 之间；金牌客户的预估接受率 12%（先验值）');
  });

  it('offers nothing to a customer who already holds every product', async () => {
    // The renewal bundle's rule holds (motor expires in 30 days), but its products are all held already.
    const customer = await customerHolding('gold', ['JQX', 'SYX', 'JCX', 'YWX', 'JKX', 'LYX', 'ZRX'], { SYX: 30 });
    await expect(service.forCustomer(province, customer)).resolves.toEqual([]);
  });

  it('ranks the eligible bundles by bundle premium × the tier acceptance rate', async () => {
    const customer = await customerHolding('silver', ['JQX', 'SYX'], { JQX: 30, SYX: 30 });
    const offers = await service.forCustomer(province, customer);
    expect(offers.map((offer) => [offer.code, offer.expectedValue])).toEqual([
      ['RENEWAL_GIFT', 374.4],
      ['MOTOR_HOME', 323.84],
      ['DRIVER_ACCIDENT', 287.04],
    ]);
    expect(offers.every((offer) => offer.acceptanceRate === 0.08)).toBe(true);
    expect(offers[0].reason.zh).toBe('商业车险保单将在 60 天内到期；银牌客户的预估接受率 8%（先验值）');
  });

  it('uses the ordinary prior for a customer without a tier', async () => {
    const customer = await customerHolding(null, ['JCX']);
    const offers = await service.forCustomer(province, customer);
    expect(offers).toMatchObject([{ code: 'FAMILY_HEALTH', acceptanceRate: 0.05, expectedValue: 81 }]);
    expect(offers[0].reason.zh).toBe('持有家财险；未持有健康险；未评级客户的预估接受率 5%（先验值）');
  });

  it('offers nothing to a do-not-serve customer', async () => {
    const customer = await customerHolding('do_not_serve', ['SYX']);
    await expect(service.forCustomer(province, customer)).resolves.toEqual([]);
  });

  it('does not offer bundles that have expired, have not started or are inactive', async () => {
    const customer = await customerHolding('gold', ['SYX']);
    const codes = (await service.forCustomer(province, customer)).map((offer) => offer.code);
    expect(codes).not.toEqual(expect.arrayContaining(['EXPIRED']));
    expect(codes.filter((code) => ['EXPIRED', 'NOT_YET', 'INACTIVE'].includes(code))).toEqual([]);
  });

  it('answers NotFoundError for a customer outside the scope', async () => {
    const customer = await customerHolding('gold', ['SYX']);
    await expect(service.forCustomer(await scopeOf(db, org.cityB), customer)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.forCustomer(await scopeOf(db, org.countyA1), customer)).resolves.toHaveLength(2);
  });

  it('offers a county bundle only to the customers of that county', async () => {
    const countyUser = await createUser(db, 'segments.a2', org.countyA2, ['segment_manager']);
    const countyA2 = await scopeOf(db, org.countyA2);
    await app.get(BundleService).create(countyA2, countyUser, {
      code: 'A2_SPECIAL',
      name: '浦口专享',
      productCodes: ['SYX', 'ZRX'],
      price: 100_000,
      validFrom: day(-1),
      validTo: day(30),
      eligibilityRule: { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
    });
    const inA2 = await createCustomer(db, org.countyA2, { value_tier: 'gold' });
    await createPolicy(db, inA2, 'SYX', policyEnding(200));
    expect((await service.forCustomer(countyA2, inA2))[0].code).toBe('A2_SPECIAL');
    const inA1 = await customerHolding('gold', ['SYX']);
    expect((await service.forCustomer(province, inA1)).map((offer) => offer.code)).not.toContain('A2_SPECIAL');
  });
});
