import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignCommitments } from '@lib/campaigns';
import { ValidationError } from '@lib/common';
import { PlatformModule } from '@lib/platform';
import { approve, createCampaign } from '../../test/support/budget-fixtures';
import { createFixtureOrg, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { CapacityModule } from './capacity.module';
import { ChannelCapacityService } from './channel-capacity.service';

describe(ChannelCapacityService.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let capacity: ChannelCapacityService;
  let managerId: number;
  let province: OrgScope;

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, CapacityModule] }).compile()).init();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    managerId = await createUser(db, 'channel.province', org.province, ['channel_manager']);
    capacity = app.get(ChannelCapacityService);
    province = await scopeOf(db, org.province);
  });

  afterAll(async () => {
    await app.close();
  });

  it('sets a call centre by seats × calls per seat and agent visits per county as a daily figure', async () => {
    await expect(capacity.setDefault(province, managerId, 'phone', org.cityA, { seats: 40, contactsPerSeat: 60 })).resolves.toEqual({
      channel: 'phone',
      branchId: org.cityA,
      branchName: '南京分公司',
      seats: 40,
      contactsPerSeat: 60,
      dailyCapacity: 2400,
    });
    await capacity.setDefault(province, managerId, 'agent_visit', org.countyA1, { dailyCapacity: 25 });
    await expect(capacity.defaults(await scopeOf(db, org.countyA1))).resolves.toEqual([expect.objectContaining({ channel: 'agent_visit', dailyCapacity: 25 })]);
    await expect(capacity.setDefault(province, managerId, 'phone', org.cityA, { seats: 40 })).rejects.toMatchObject({
      details: [{ field: 'contactsPerSeat', code: 'required' }],
    });
    await expect(capacity.setDefault(province, managerId, 'phone', org.cityA, { seats: 2, contactsPerSeat: 3, dailyCapacity: 7 })).rejects.toMatchObject({
      details: [{ field: 'dailyCapacity', code: 'capacity_not_seats_product', params: { product: 6 } }],
    });
  });

  it('shows per day the default or the override, what is booked and what is left', async () => {
    await capacity.setOverride(province, managerId, 'phone', org.cityA, '2027-10-01', { dailyCapacity: 1200, note: '国庆' });
    await expect(capacity.calendar(province, 'phone', org.cityA, '2027-09-30', '2027-10-01')).resolves.toEqual({
      channel: 'phone',
      branchId: org.cityA,
      days: [
        { day: '2027-09-30', capacity: 2400, overridden: false, booked: 0, left: 2400 },
        { day: '2027-10-01', capacity: 1200, overridden: true, booked: 0, left: 1200 },
      ],
    });
    await capacity.removeOverride(province, 'phone', org.cityA, '2027-10-01');
    await expect(capacity.calendar(province, 'phone', org.cityA, '2027-10-01', '2027-10-01')).resolves.toMatchObject({ days: [{ capacity: 2400, overridden: false }] });
    await expect(capacity.calendar(province, 'phone', org.cityA, '2027-10-02', '2027-10-01')).rejects.toMatchObject({ details: [{ field: 'to', code: 'date_before' }] });
    await expect(capacity.calendar(province, 'phone', org.cityA, '2027-01-01', '2028-12-31')).rejects.toMatchObject({ details: [{ field: 'to', code: 'range_too_long' }] });
  });

  it('never sets a capacity below what approved campaigns have booked', async () => {
    const plannerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    const campaign = await createCampaign(db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.cityA],
      budgetFen: 0,
      startDate: '2027-11-01',
      endDate: '2027-11-02',
      steps: [{ channel: 'phone', costPerContactFen: 300, dailyCapacity: 2000, branchIds: [org.cityA] }],
    });
    await approve(db, app.get(CampaignCommitments), campaign.plan);
    await expect(capacity.setDefault(province, managerId, 'phone', org.cityA, { dailyCapacity: 1999 })).rejects.toMatchObject({
      code: 'capacity_below_bookings',
      params: { days: ['2027-11-01', '2027-11-02'] },
    });
    await expect(capacity.setOverride(province, managerId, 'phone', org.cityA, '2027-11-02', { dailyCapacity: 10 })).rejects.toMatchObject({
      code: 'capacity_below_bookings',
    });
    // An override that covers the booking lets the default drop on the other days.
    await capacity.setOverride(province, managerId, 'phone', org.cityA, '2027-11-01', { dailyCapacity: 2000 });
    await capacity.setOverride(province, managerId, 'phone', org.cityA, '2027-11-02', { dailyCapacity: 2000 });
    await expect(capacity.setDefault(province, managerId, 'phone', org.cityA, { dailyCapacity: 1000 })).resolves.toMatchObject({ dailyCapacity: 1000 });
    await expect(capacity.removeOverride(province, 'phone', org.cityA, '2027-11-01')).rejects.toMatchObject({ code: 'capacity_below_bookings' });
  });

  it("keeps a county to its own branch's capacity", async () => {
    const county = await scopeOf(db, org.countyA1);
    await expect(capacity.setDefault(county, managerId, 'phone', org.cityA, { dailyCapacity: 1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(capacity.calendar(county, 'phone', org.cityA, '2027-01-01', '2027-01-01')).rejects.toMatchObject({
      details: [{ field: 'branchId', code: 'outside_scope_unit' }],
    });
  });

  it('keeps one default cost per contact for each channel', async () => {
    await capacity.setCost(managerId, 'phone', '3.50');
    await capacity.setCost(managerId, 'phone', '4');
    await expect(capacity.settings()).resolves.toEqual([
      { channel: 'email', defaultCostPerContact: null },
      { channel: 'phone', defaultCostPerContact: '4.00' },
      { channel: 'web', defaultCostPerContact: null },
      { channel: 'agent_visit', defaultCostPerContact: null },
    ]);
  });
});
