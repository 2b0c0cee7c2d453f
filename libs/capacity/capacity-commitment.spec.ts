import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignCommitments } from '@lib/campaigns';
import { dataSourceOptions } from '@lib/database';
import { PlatformModule } from '@lib/platform';
import { approve, createCampaign, createRevision } from '../../test/support/budget-fixtures';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { CapacityCommitment } from './capacity-commitment';
import { CapacityModule } from './capacity.module';
import { ChannelCapacityService } from './channel-capacity.service';

describe(CapacityCommitment.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let otherConnection: DataSource;
  let org: FixtureOrg;
  let capacity: ChannelCapacityService;
  let commitments: CampaignCommitments;
  let plannerId: number;
  let province: OrgScope;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, CapacityModule] }).compile()).init();
    db = await resetState(app);
    otherConnection = await new DataSource(dataSourceOptions(process.env.DATABASE_URL as string)).initialize();
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    const channelManagerId = await createUser(db, 'channel.province', org.province, ['channel_manager']);
    capacity = app.get(ChannelCapacityService);
    commitments = app.get(CampaignCommitments);
    province = await scopeOf(db, org.province);
    // The Jiangning call centre: 10 seats × 30 calls a day, 150 on 2027-03-03.
    await capacity.setDefault(province, channelManagerId, 'phone', org.countyA1, { seats: 10, contactsPerSeat: 30 });
    await capacity.setOverride(province, channelManagerId, 'phone', org.countyA1, '2027-03-03', { dailyCapacity: 150, note: '培训日' });
  });

  afterAll(async () => {
    await otherConnection.destroy();
    await app.close();
  });

  /** A call-centre campaign for Jiangning from 2027-03-01 to 2027-03-05 booking `daily` calls a day. */
  const phoneCampaign = (daily: number, branchIds = [org.countyA1]) =>
    createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds,
      budgetFen: 0,
      startDate: '2027-03-01',
      endDate: '2027-03-05',
      steps: [{ channel: 'phone', costPerContactFen: 300, dailyCapacity: daily, branchIds }],
    });

  const leftOn = async (from: string, to: string) =>
    (await capacity.calendar(province, 'phone', org.countyA1, from, to)).days.map((day) => day.left);

  it("books a step's daily capacity for each day and branch it covers when the campaign is approved", async () => {
    const campaign = await phoneCampaign(100, [org.countyA1, org.countyA2]);
    await approve(db, commitments, campaign.plan);
    await expect(leftOn('2027-03-01', '2027-03-06')).resolves.toEqual([200, 200, 50, 200, 200, 300]);
    // County A2 has no capacity set: its call centre is not limited, but the bookings are kept.
    await expect(capacity.calendar(province, 'phone', org.countyA2, '2027-03-01', '2027-03-01')).resolves.toMatchObject({
      days: [{ capacity: null, booked: 100, left: null }],
    });
    await expect(db.query(`SELECT count(*)::int AS n FROM capacity_bookings WHERE campaign_id = $1`, [campaign.campaignId])).resolves.toEqual([{ n: 10 }]);
  });

  it('refuses an approval that books more than is left on any day, naming the days', async () => {
    const campaign = await phoneCampaign(60);
    const refusal = approve(db, commitments, campaign.plan);
    await expect(refusal).rejects.toMatchObject({
      code: 'capacity_not_available',
      status: 409,
      params: { days: ['2027-03-03'] },
      details: [{ field: `steps.phone.branch[${org.countyA1}].2027-03-03`, code: 'capacity_short', params: { needed: 60, left: 50 } }],
    });
    await expect(db.query(`SELECT count(*)::int AS n FROM capacity_bookings WHERE campaign_id = $1`, [campaign.campaignId])).resolves.toEqual([{ n: 0 }]);
  });

  it('lets only one of two campaigns racing for the last capacity of a day book it', async () => {
    const first = await phoneCampaign(30);
    const second = await phoneCampaign(30);
    let booked!: () => void;
    let finish!: () => void;
    const firstBooked = new Promise<void>((resolve) => (booked = resolve));
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const firstApproval = db.transaction(async (manager) => {
      await commitments.commit(manager, first.plan);
      booked();
      await mayFinish;
    });
    await firstBooked;
    const secondApproval = approve(otherConnection, commitments, second.plan);
    const secondSettled = secondApproval.then(() => true, () => true);
    for (let tries = 0; tries < 250; tries += 1) {
      const [{ waiting }] = await db.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting > 0 || (await Promise.race([secondSettled, Promise.resolve(false)]))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    finish();
    const outcomes = await Promise.allSettled([firstApproval, secondApproval]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'capacity_not_available', params: { days: ['2027-03-03'] } });
    await expect(leftOn('2027-03-03', '2027-03-04')).resolves.toEqual([20, 170]);
  });

  it('replaces the bookings with those of a later approved revision, and frees the days to come on release', async () => {
    const campaign = await createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1],
      budgetFen: 0,
      startDate: '2027-04-01',
      endDate: '2027-04-02',
      steps: [{ channel: 'phone', costPerContactFen: 300, dailyCapacity: 250, branchIds: [org.countyA1] }],
    });
    await approve(db, commitments, campaign.plan);
    await expect(leftOn('2027-04-01', '2027-04-02')).resolves.toEqual([50, 50]);
    const revision = await createRevision(db, campaign, 2, {});
    await approve(db, commitments, { ...revision.plan, steps: revision.plan.steps.map((step) => ({ ...step, dailyCapacity: 290 })) });
    await expect(leftOn('2027-04-01', '2027-04-02')).resolves.toEqual([10, 10]);
    await expect(capacity.calendar(province, 'phone', org.countyA1, '2027-04-01', '2027-04-01', campaign.campaignId)).resolves.toMatchObject({
      days: [{ left: 300 }],
    });
    await db.transaction((manager) => commitments.release(manager, campaign.campaignId));
    await expect(leftOn('2027-04-01', '2027-04-02')).resolves.toEqual([300, 300]);
  });
});
