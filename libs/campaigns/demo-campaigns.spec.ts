import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { BudgetsModule, seedDemoBudgets } from '@lib/budgets';
import { CapacityModule, seedDemoCapacity } from '@lib/capacity';
import { loadDemoOrg } from '@lib/demo';
import { DispatchModule, LaunchAtStart, launchJobId, launchTime } from '@lib/dispatch';
import { seedDemoBundles } from '@lib/offers';
import { PlatformModule } from '@lib/platform';
import { JobName, JobQueue } from '@lib/queue';
import { SegmentService } from '@lib/segments';
import { resetState } from '../../test/support/fixtures';
import { CampaignMoves } from './campaign-moves.service';
import { CampaignService } from './campaign.service';
import { CampaignsModule } from './campaigns.module';
import { seedDemoCampaigns } from './demo-campaigns';

describe(seedDemoCampaigns.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;

  /** The demo as seed-demo loads it before its campaigns: org, users, bundles, this year's pools and capacities. */
  async function loadDemoBeforeCampaigns(): Promise<void> {
    db = await resetState(app);
    await loadDemoOrg(db);
    const [owner] = await db.query(`SELECT id, org_unit_id FROM users WHERE username = 'sm.province'`);
    await seedDemoBundles(db, owner.org_unit_id, owner.id);
    await seedDemoBudgets(db, 2026);
    await seedDemoCapacity(db);
  }

  const services = () => ({ segments: app.get(SegmentService), campaigns: app.get(CampaignService), moves: app.get(CampaignMoves) });

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, CampaignsModule, BudgetsModule, CapacityModule, DispatchModule] }).compile()).init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('makes thirteen campaigns in every state through the services, with their budgets reserved, once', async () => {
    await loadDemoBeforeCampaigns();
    // Near the year's end: the dates stay within the year whose pools the demo opens.
    await expect(seedDemoCampaigns(db, services(), '2026-12-01')).resolves.toBe(13);
    await expect(seedDemoCampaigns(db, services(), '2026-12-01')).resolves.toBe(0);
    const states = await db.query('SELECT status, count(*)::int AS n FROM campaigns GROUP BY status ORDER BY status');
    expect(Object.fromEntries(states.map((row: any) => [row.status, row.n]))).toEqual({
      approved: 1, cancelled: 1, closed: 1, completed: 3, draft: 2, paused: 1, returned: 1, running: 1, scheduled: 1, submitted: 1,
    });
    const [{ latest }] = await db.query(`SELECT max(end_date)::text AS latest FROM campaign_revisions`);
    expect(latest).toBe('2026-12-31');
    const [{ reserved }] = await db.query(`SELECT sum(amount)::text AS reserved FROM budget_lines WHERE kind = 'reservation'`);
    expect(Number(reserved)).toBeGreaterThan(0);
    const [{ notices }] = await db.query(
      `SELECT count(*)::int AS notices FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE u.username = 'reviewer.province'`,
    );
    expect(notices).toBeGreaterThan(0);
    // Started campaigns are set running by the demo, by the system; the scheduled one waits for its launch at its start.
    const starts = await db.query(`SELECT a.actor_id FROM campaign_audit a WHERE a.action = 'start'`);
    expect(starts).toEqual([{ actor_id: null }, { actor_id: null }, { actor_id: null }, { actor_id: null }, { actor_id: null }, { actor_id: null }]);
    const [scheduled] = await db.query(
      `SELECT c.id, c.approved_revision_id, r.start_date::text AS start_date FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.status = 'scheduled'`,
    );
    await expect(app.get(LaunchAtStart).queueAll()).resolves.toBe(1);
    const job = await app.get(JobQueue).queue(JobName.LaunchCampaign).getJob(launchJobId(scheduled.id, scheduled.approved_revision_id));
    expect(Math.abs(job!.timestamp + job!.delay - launchTime(scheduled.start_date).getTime())).toBeLessThan(1000);
  });

  it('keeps the campaigns of months before the year began on its first days', async () => {
    await loadDemoBeforeCampaigns();
    await expect(seedDemoCampaigns(db, services(), '2026-01-20')).resolves.toBe(13);
    const [{ earliest }] = await db.query(`SELECT min(start_date)::text AS earliest FROM campaign_revisions`);
    expect(earliest).toBe('2026-01-01');
    const [{ closed }] = await db.query(`SELECT count(*)::int AS closed FROM campaigns WHERE status = 'closed'`);
    expect(closed).toBe(1);
  });
});
