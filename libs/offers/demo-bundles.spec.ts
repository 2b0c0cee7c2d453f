import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, resetState, scopeOf } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { BundleService } from './bundle.service';
import { DEMO_BUNDLES, seedDemoBundles } from './demo-bundles';
import { NextBestOfferService } from './next-best-offer.service';

describe(seedDemoBundles.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('inserts the demo bundles once, on sale today, and they are offered', async () => {
    const org = await createFixtureOrg(db);
    await createProducts(db);
    const userId = await createUser(db, 'segments.province', org.province, ['segment_manager']);
    await expect(seedDemoBundles(db, org.province, userId)).resolves.toBe(DEMO_BUNDLES.length);
    await expect(seedDemoBundles(db, org.province, userId)).resolves.toBe(0);

    const province = await scopeOf(db, org.province);
    const bundles = await app.get(BundleService).list(province);
    expect(bundles.map((bundle) => bundle.code).sort()).toEqual(DEMO_BUNDLES.map((bundle) => bundle.code).sort());
    expect(bundles.find((bundle) => bundle.code === 'MOTOR_HOME')).toMatchObject({
      productCodes: ['SYX', 'JCX'],
      price: 4600,
      discountPct: 12,
      guidance: { talkingPoints: DEMO_BUNDLES[0].guidance!.talkingPoints, objections: DEMO_BUNDLES[0].guidance!.objections },
    });

    const customer = await createCustomer(db, org.countyA1, { value_tier: 'silver' });
    await createPolicy(db, customer, 'JCX', { start_date: '2020-01-01', end_date: '2099-12-31' });
    const offers = await app.get(NextBestOfferService).forCustomer(province, customer);
    expect(offers.map((offer) => offer.code)).toEqual(['FAMILY_HEALTH']);
  });
});
