import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@lib/common';
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
import { CreateBundleBody } from './bundle.dto';
import { BundleService } from './bundle.service';
import { DEMO_BUNDLES } from './demo-bundles';

function bundle(overrides: Partial<CreateBundleBody> = {}): CreateBundleBody {
  return {
    code: 'MOTOR_HOME',
    name: '车险+家财 安居组合',
    productCodes: ['SYX', 'JCX'],
    price: 4600,
    discountPct: 12,
    validFrom: '2026-01-01',
    validTo: '2030-12-31',
    eligibilityRule: {
      type: 'group',
      op: 'all',
      children: [
        { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
        { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
      ],
    },
    guidance: {
      talkingPoints: ['车和家一起保障'],
      objections: [{ objection: '不需要', answer: '家财险一年只需几百元' }],
      shortText: '车险客户加一份家财险，组合价立减 12%。',
    },
    ...overrides,
  };
}

/** The ValidationError a promise rejects with, for asserting its details. */
async function validationProblems(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details ?? [];
}

describe(BundleService.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let service: BundleService;
  let userId: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    userId = await createUser(db, 'segments.province', org.province, ['segment_manager']);
    service = app.get(BundleService);
  });

  afterAll(async () => {
    await app.close();
  });

  it('creates a bundle owned by the creator unit and reads it back whole', async () => {
    const province = await scopeOf(db, org.province);
    const created = await service.create(province, userId, bundle());
    expect(await service.get(province, created.id)).toEqual({
      id: created.id,
      code: 'MOTOR_HOME',
      name: '车险+家财 安居组合',
      description: '',
      productCodes: ['SYX', 'JCX'],
      price: 4600,
      discountPct: 12,
      eligibilityRule: bundle().eligibilityRule,
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
      active: true,
      guidance: bundle().guidance,
      ownerOrgUnitId: org.province,
      updatedAt: expect.any(Date),
    });
  });

  it('points a bad eligibility rule at its node under eligibilityRule', async () => {
    const eligibilityRule = {
      type: 'group' as const,
      op: 'all' as const,
      children: [{ type: 'condition' as const, field: 'age', operator: 'contains', value: 3 }],
    };
    const problems = await validationProblems(
      service.create(await scopeOf(db, org.province), userId, bundle({ code: 'BAD_RULE', eligibilityRule })),
    );
    expect(problems.map((p) => p.field)).toEqual(['eligibilityRule.children[0].operator']);
  });

  it('refuses unknown product codes, naming them', async () => {
    const problems = await validationProblems(
      service.create(await scopeOf(db, org.province), userId, bundle({ code: 'UNKNOWN', productCodes: ['SYX', 'NOPE'] })),
    );
    expect(problems).toEqual([{ field: 'productCodes', code: 'unknown_products', params: { codes: ['NOPE'] } }]);
  });

  it('refuses a bundle of one product, a discount over 100% and validity dates in the wrong order', async () => {
    const problems = await validationProblems(
      service.create(
        await scopeOf(db, org.province),
        userId,
        bundle({ code: 'WRONG', productCodes: ['SYX'], discountPct: 120, validFrom: '2027-01-01', validTo: '2026-01-01' }),
      ),
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['discountPct', 'productCodes', 'validTo']);
  });

  it('refuses a second bundle with the same code', async () => {
    await expect(service.create(await scopeOf(db, org.province), userId, bundle())).rejects.toBeInstanceOf(ConflictError);
  });

  it('checks a change against the bundle it would give', async () => {
    const province = await scopeOf(db, org.province);
    const { id } = await service.create(province, userId, bundle({ code: 'PATCHED' }));
    const problems = await validationProblems(service.update(province, id, { validTo: '2025-12-31' }));
    expect(problems.map((p) => p.field)).toEqual(['validTo']);

    const changed = await service.update(province, id, { price: 5000, active: false, guidance: { talkingPoints: [], objections: [], shortText: '新文案' } });
    expect(changed).toMatchObject({ price: 5000, active: false, validTo: '2030-12-31', guidance: { shortText: '新文案' } });
    expect((await service.list(province, { active: false })).map((b) => b.code)).toEqual(['PATCHED']);
  });

  it('shows province bundles to the branches below, but lets only the province change them', async () => {
    const province = await scopeOf(db, org.province);
    const county = await scopeOf(db, org.countyA1);
    const { id } = await service.create(province, userId, bundle({ code: 'PROVINCE_WIDE' }));
    await expect(service.get(county, id)).resolves.toMatchObject({ code: 'PROVINCE_WIDE' });
    await expect(service.update(county, id, { name: '改名' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('hides a branch bundle from other branches', async () => {
    const countyBundle = await service.create(await scopeOf(db, org.countyA1), userId, bundle({ code: 'COUNTY_ONLY' }));
    await expect(service.get(await scopeOf(db, org.cityB), countyBundle.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.list(await scopeOf(db, org.cityB))).map((b) => b.code)).not.toContain('COUNTY_ONLY');
    expect((await service.list(await scopeOf(db, org.province))).map((b) => b.code)).toContain('COUNTY_ONLY');
  });

  it('counts the eligible customers within the caller scope only', async () => {
    const inA1 = await createCustomer(db, org.countyA1);
    const inB1 = await createCustomer(db, org.countyB1);
    const holdsHome = await createCustomer(db, org.countyA1);
    for (const customer of [inA1, inB1, holdsHome]) await createPolicy(db, customer, 'SYX');
    await createPolicy(db, holdsHome, 'JCX');
    const { id } = await service.create(await scopeOf(db, org.province), userId, bundle({ code: 'ELIGIBLE' }));

    await expect(service.eligible(await scopeOf(db, org.province), id)).resolves.toMatchObject({ count: 2 });
    const county = await service.eligible(await scopeOf(db, org.countyA1), id);
    expect(county.count).toBe(1);
    expect(county.sample.map((customer) => Number(customer.id))).toEqual([Number(inA1)]);
  });

  it("counts a branch bundle's eligible customers only in that branch, even for the province", async () => {
    const { id } = await service.create(await scopeOf(db, org.cityB), userId, bundle({ code: 'CITY_B_ONLY' }));
    await expect(service.eligible(await scopeOf(db, org.province), id)).resolves.toMatchObject({ count: 1 });
  });

  it('accepts every demo bundle', async () => {
    const province = await scopeOf(db, org.province);
    for (const demo of DEMO_BUNDLES) {
      await expect(service.create(province, userId, { ...demo, code: `DEMO_${demo.code}` })).resolves.toMatchObject({ name: demo.name });
    }
  });
});
