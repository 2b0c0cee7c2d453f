import { INestApplicationContext, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttributionModule, ConversionAttribution, seedDemoHistory } from '@lib/attribution';
import { BudgetGuard, BudgetsModule, seedDemoBudgets } from '@lib/budgets';
import { CampaignMoves, CampaignService, CampaignsModule, seedDemoCampaigns } from '@lib/campaigns';
import { CapacityModule, seedDemoCapacity } from '@lib/capacity';
import { ConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { loadDemo, todayIsoDate } from '@lib/demo';
import { CampaignLaunchService, DailyWorkGenerator, DispatchModule } from '@lib/dispatch';
import { seedDemoFieldTasks } from '@lib/channels';
import { EvaluationFormsModule, seedDemoEvaluationForms } from '@lib/evaluation/forms';
import { EvaluationReportService, EvaluationReportsModule, ReportCreation, seedDemoReports } from '@lib/evaluation/reports';
import { MessageTemplatesModule, seedDemoTemplates } from '@lib/message-templates';
import { seedDemoBundles } from '@lib/offers';
import { RedisModule } from '@lib/redis';
import { SegmentService } from '@lib/segments';
import { ContactEventPartitions, TrackingModule } from '@lib/tracking';
import { ValueTierService, ValueTiersModule } from '@lib/value-tiers';

/**
 * What seeding needs: the database, the value-tier service to score the demo customers,
 * the campaign services with budgets, capacity and the template check taking part in
 * their submissions and approvals, the launch, the tracking store and the attribution
 * that give the finished campaigns their past.
 */
@Module({
  imports: [
    ConfigModule, DatabaseModule, RedisModule, ValueTiersModule, CampaignsModule, BudgetsModule, CapacityModule, MessageTemplatesModule,
    DispatchModule, TrackingModule, AttributionModule, EvaluationFormsModule, EvaluationReportsModule,
  ],
})
export class SeedModule {}

export interface DemoSeedOptions {
  customers: number;
  seed: number;
}

/**
 * Loads the demo province into an empty database, step by step in the order its parts
 * need (tiers before segments, forms and pools before campaigns, campaigns before their
 * reports), telling each step's result to `log`. scripts/seed-demo.ts runs it, and so
 * does the spec that checks what each demo login finds.
 */
export async function seedDemo(app: INestApplicationContext, { customers, seed }: DemoSeedOptions, log: (line: string) => void): Promise<void> {
  const dataSource = app.get(DataSource);
  log(`[seed] loading the demo province with ${customers.toLocaleString('en')} customers (seed ${seed})`);
  let lastShown = 0;
  const summary = await loadDemo(dataSource, {
    customers,
    seed,
    referenceDate: todayIsoDate(),
    onProgress: (done) => {
      if (done === lastShown || (done - lastShown < customers / 10 && done < customers)) return;
      lastShown = done;
      log(`[seed] ${Math.round((done / Math.max(customers, 1)) * 100)}%`);
    },
  });
  log(
    `[seed] loaded ${summary.orgUnits} org units, ${summary.users} users, ${summary.products} products, ` +
      `${summary.customers} customers, ${summary.policies} policies, ${summary.claims} claims in ${summary.seconds} s`,
  );
  const [owner] = await dataSource.query(
    `SELECT u.org_unit_id, u.id FROM users u WHERE u.username = 'sm.province'`,
  );
  // Scored before the campaigns: segments name tiers, and a launch draws its control group within each tier.
  const tiers = await app.get(ValueTierService).recompute();
  log(`[seed] value tiers scored for ${tiers.customersScored} customers in ${tiers.elapsedMs} ms`);
  const bundles = await seedDemoBundles(dataSource, owner.org_unit_id, owner.id);
  log(`[seed] ${bundles} cross-sell bundles`);
  const [channelManager] = await dataSource.query(`SELECT u.org_unit_id, u.id FROM users u WHERE u.username = 'ch.province'`);
  log(`[seed] ${await seedDemoTemplates(dataSource, channelManager.org_unit_id, channelManager.id)} message templates`);
  const [planner] = await dataSource.query(`SELECT u.org_unit_id, u.id FROM users u WHERE u.username = 'cm.province'`);
  log(`[seed] ${await seedDemoEvaluationForms(dataSource, planner.org_unit_id, planner.id)} evaluation form (published, named by the demo plans)`);
  // Pools and capacities before any demo campaign, whose approval reserves and books them.
  const fiscalYear = Number(todayIsoDate().slice(0, 4));
  log(`[seed] ${await seedDemoBudgets(dataSource, fiscalYear)} budget pools for ${fiscalYear}`);
  log(`[seed] ${await seedDemoCapacity(dataSource)} channel capacities`);
  const historyServices = { attribution: app.get(ConversionAttribution), budget: app.get(BudgetGuard), partitions: app.get(ContactEventPartitions) };
  const history = { emailsSent: 0, conversions: 0 };
  const campaigns = await seedDemoCampaigns(
    dataSource,
    {
      segments: app.get(SegmentService),
      campaigns: app.get(CampaignService),
      moves: app.get(CampaignMoves),
      // A finished campaign gets its past between its launch and its completion.
      launch: async (campaignId, asOf, finished) => {
        await app.get(CampaignLaunchService).launch(campaignId, { seed: seed + campaignId, asOf });
        if (!finished) return;
        const past = await seedDemoHistory(dataSource, historyServices, campaignId, todayIsoDate());
        history.emailsSent += past.emailsSent;
        history.conversions += past.conversions;
      },
    },
    todayIsoDate(),
  );
  log(`[seed] ${campaigns} campaigns in every state of their life cycle`);
  log(`[seed] finished campaigns: ${history.emailsSent} emails sent, ${history.conversions} conversions attributed`);
  const tasks = await seedDemoFieldTasks(dataSource, app.get(DailyWorkGenerator));
  log(`[seed] running campaign: ${tasks.created} visit tasks today, ${tasks.assigned} assigned, ${tasks.overdue} overdue`);
  const reports = await seedDemoReports(dataSource, { creation: app.get(ReportCreation), reports: app.get(EvaluationReportService) });
  log(`[seed] ${reports.reports} branch evaluation reports: ${reports.submitted} submitted, ${reports.returned} returned, ${reports.approved} approved`);
}
