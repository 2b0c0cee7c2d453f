import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

/** Settings without an owning unit apply to every branch, so only the province may change them. */
describe('Province-wide settings', () => {
  let app: NestFastifyApplication;
  let county: string;
  let province: string;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    county = await loginNewUser(app, 'county.manager', org.countyA1, ['segment_manager', 'admin']);
    province = await loginNewUser(app, 'province.manager', org.province, ['segment_manager', 'admin']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses county users with 403 on every province-wide write', async () => {
    const settings = (await call(app, 'GET', '/api/value-tiers/settings', { token: county })).body;
    const { updatedAt: _updatedAt, ...body } = settings;
    const policies = (await call(app, 'GET', '/api/contact-policies', { token: county })).body;
    const writes: [('POST' | 'PUT' | 'PATCH'), string, unknown][] = [
      ['PUT', '/api/value-tiers/settings', body],
      ['POST', '/api/value-tiers/recompute', undefined],
      ['PATCH', `/api/contact-policies/${policies[0].id}`, { name: 'county rename' }],
      ['POST', '/api/products', { code: 'CNTY', name: 'county product', line: 'home' }],
    ];
    for (const [method, url, payload] of writes) {
      const answer = await call(app, method, url, { token: county, body: payload });
      expect([url, answer.status]).toEqual([url, 403]);
    }
    expect((await call(app, 'PUT', '/api/value-tiers/settings', { token: province, body })).status).toBe(200);
  });
});
