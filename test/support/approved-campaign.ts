import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createPolicy, createProducts, createUser, FixtureOrg } from './fixtures';
import { call, loginNewUser } from './test-app';

/** A local date (YYYY-MM-DD) this many days from today, so plans stay in the future and in this fiscal year's pools. */
export function daysFromToday(days: number): string {
  const day = new Date();
  day.setDate(day.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

export interface PlannedCampaign {
  planner: string;
  reviewer: string;
  segmentId: number;
  name: string;
  budget: string;
  startDate: string;
  endDate: string;
  branchIds: number[];
  /** Calls a day per covered branch, on the call centre. */
  dailyCalls: number;
  callBranchIds: number[];
  split?: { branches: { branchId: number; amount: string }[]; channels: { channel: string; amount: string }[] };
}

/**
 * A call-centre campaign created, split, submitted and approved through the campaigns
 * API, so that its budget is reserved from the pool and its capacity booked for real.
 */
export async function approveCampaignThroughApi(app: NestFastifyApplication, plan: PlannedCampaign): Promise<number> {
  const created = await call(app, 'POST', '/api/campaigns', {
    token: plan.planner,
    body: {
      name: plan.name,
      objective: 'cross_sell',
      startDate: plan.startDate,
      endDate: plan.endDate,
      includeSegmentIds: [plan.segmentId],
      controlSharePct: 10,
      budget: plan.budget,
      branchIds: plan.branchIds,
      kpiTargets: { contacts: 1000, responseRatePct: 5, conversions: 50, premium: '100000.00' },
      steps: [
        {
          channel: 'phone',
          templateRef: 'cross_sell',
          startOffsetDays: 0,
          windowStart: '09:00',
          windowEnd: '18:00',
          costPerContact: '3.50',
          dailyCapacity: plan.dailyCalls,
          branchIds: plan.callBranchIds,
        },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`campaign not created: ${JSON.stringify(created.body)}`);
  const campaignId: number = created.body.id;
  if (plan.split) {
    const revisionId = (await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: plan.planner })).body.open.id;
    const split = await call(app, 'PUT', `/api/campaign-budgets/${campaignId}/revisions/${revisionId}/allocations`, { token: plan.planner, body: plan.split });
    if (split.status !== 200) throw new Error(`budget not split: ${JSON.stringify(split.body)}`);
  }
  for (const [move, token] of [['submit', plan.planner], ['approve', plan.reviewer]] as const) {
    const answer = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/${move}`, { token, body: {} });
    if (answer.status !== 200) throw new Error(`${move} refused: ${JSON.stringify(answer.body)}`);
  }
  return campaignId;
}

/**
 * The capacity screens' setting: the province's planner, reviewer and channel manager
 * (`ch.province`), a segment of commercial motor customers, and a call campaign over
 * Jiangning approved through the API, which books 150 calls there on each of its days.
 */
export async function jiangningCallsBooked(app: NestFastifyApplication, db: DataSource, org: FixtureOrg, startDate: string, endDate: string): Promise<number> {
  await createProducts(db);
  await createPolicy(db, await createCustomer(db, org.countyA1), 'SYX');
  const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
  const segment = await call(app, 'POST', '/api/segments', {
    token: segmentManager,
    body: { name: '商业车险客户', kind: 'dynamic', rule: { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' } },
  });
  const planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
  const reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
  await createUser(db, 'ch.province', org.province, ['channel_manager']);
  await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: Number(startDate.slice(0, 4)), orgUnitId: org.province, amount: '100000.00' } });
  return approveCampaignThroughApi(app, {
    planner,
    reviewer,
    segmentId: segment.body.id,
    name: '江宁车险客户家财险电话营销',
    budget: '20000.00',
    startDate,
    endDate,
    branchIds: [org.countyA1],
    dailyCalls: 150,
    callBranchIds: [org.countyA1],
  });
}
