import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CampaignRollups } from '@lib/analytics';
import type { CampaignRoiBreakdown } from '@lib/analytics/campaign-roi.view';
import { CONTACT_STATUSES } from '@lib/contact-rules/contact-status';
import { BranchFigures } from '@lib/evaluation/reports';
import { addContact, addConversion, addEvent, addMember, addSpend, analyticsCampaign } from './support/analytics-campaign';
import { createFixtureOrg, createProducts, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

/**
 * docs/figures.md counted twice must give one answer: the branch figures an evaluation
 * report is prefilled with (BranchFigures) and the analytics' branch lines after a refresh
 * of the rollups, added up over each branch's subtree as a report counts them.
 */
describe('The figures of the reports and of the analytics', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
  });

  afterAll(async () => {
    await app.close();
  });

  it('agree for every branch, city and county alike', async () => {
    const plannerId = await createUser(db, 'figures.planner', org.province, ['campaign_manager']);
    const campaign = await analyticsCampaign(db, org, plannerId, { code: 'CMP-FIG-1' });
    // A city's own contacts, its two counties' and another city's county, each with a different mix.
    const units = [org.cityA, org.countyA1, org.countyA2, org.countyB1];
    for (const [n, unit] of units.entries()) {
      for (const step of ['email', 'phone'] as const) {
        for (const status of CONTACT_STATUSES) {
          const member = await addMember(db, campaign, { orgUnitId: unit });
          const contact = await addContact(db, campaign, member, { step, status, at: '2026-03-02T10:00:00+08:00' });
          // Responses of made and unmade contacts alike; a contact clicked twice and responded counts once.
          if (status === 'clicked' || status === 'connected' || (n === 1 && status === 'bounced')) {
            await addEvent(db, contact, 'clicked', '2026-03-02T11:00:00+08:00');
            await addEvent(db, contact, 'clicked', '2026-03-03T11:00:00+08:00');
            await addEvent(db, contact, 'responded', '2026-03-03T12:00:00+08:00');
          }
          if (status === 'opened') await addEvent(db, contact, 'opened', '2026-03-02T11:00:00+08:00');
          if (status === 'clicked') await addConversion(db, campaign, member, { productCode: 'JCX', premium: `${1000 + 111 * n}.50`, startDate: '2026-03-05', contactId: contact });
        }
      }
      // A treatment member converted without a contact, and control members' conversions that are never added.
      const unreached = await addMember(db, campaign, { orgUnitId: unit });
      await addConversion(db, campaign, unreached, { productCode: 'JCX', premium: '333.33', startDate: '2026-03-06' });
      for (let k = 0; k <= n; k++) {
        const control = await addMember(db, campaign, { orgUnitId: unit, control: true });
        await addConversion(db, campaign, control, { productCode: 'JCX', premium: '888.00', startDate: '2026-03-06', control: true });
      }
      await addSpend(db, campaign, { branchId: unit, amount: `${3 + n}.10`, channel: 'email', at: '2026-03-02T10:00:00+08:00' });
      await addSpend(db, campaign, { branchId: unit, amount: '7.00', channel: 'phone', at: '2026-03-09T10:00:00+08:00' });
      const manual = await addSpend(db, campaign, { branchId: unit, amount: '120.40', manualOn: '2026-03-04' });
      if (n === 1) await addSpend(db, campaign, { branchId: unit, amount: '-20.40', manualOn: '2026-03-05', reverses: manual });
    }
    await app.get(CampaignRollups).refresh();

    const province = await loginNewUser(app, 'figures.province', org.province, ['campaign_manager']);
    const answer = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}?by=branch`, { token: province });
    expect(answer.status).toBe(200);
    const lines = (answer.body as CampaignRoiBreakdown).rows;
    const subtree: Record<number, number[]> = {
      [org.cityA]: [org.cityA, org.countyA1, org.countyA2],
      [org.countyA1]: [org.countyA1],
      [org.countyA2]: [org.countyA2],
      [org.cityB]: [org.countyB1],
      [org.countyB1]: [org.countyB1],
    };
    const branches = Object.keys(subtree).map(Number);
    const prefill = await new BranchFigures().forCampaign(db.manager, campaign.campaignId, branches);
    for (const branch of branches) {
      const own = lines.filter((line) => subtree[branch].includes(Number(line.key)));
      const cents = (values: string[]) => values.reduce((sum, value) => sum + Math.round(Number(value) * 100), 0);
      const analytics = {
        contacts: String(own.reduce((sum, line) => sum + line.figures.contacts, 0)),
        delivered: String(own.reduce((sum, line) => sum + line.figures.delivered, 0)),
        responses: String(own.reduce((sum, line) => sum + line.figures.responses, 0)),
        conversions: String(own.reduce((sum, line) => sum + line.figures.conversions, 0)),
        premium_written: (cents(own.map((line) => line.figures.premiumWritten)) / 100).toFixed(2),
        spend: (cents(own.map((line) => line.figures.spend?.total ?? '0')) / 100).toFixed(2),
      };
      expect({ branch, ...prefill.get(branch) }).toEqual({ branch, ...analytics });
    }
    // The figures are not all zero: the comparison means something.
    expect(prefill.get(org.cityA)).toMatchObject({ contacts: String(3 * 2 * 8), delivered: String(3 * 2 * 6) });
  });
});
