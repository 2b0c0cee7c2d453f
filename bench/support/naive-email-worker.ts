import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { BudgetGuard, BudgetsModule } from '@lib/budgets';
import { fenOf } from '@lib/budgets/budget-ledger';
import { ChannelsModule, EmailBatchSender } from '@lib/channels';
import { AppConfig } from '@lib/config';
import { ContactEligibility, ContactPolicyService, ContactRulesModule, ExclusionReason } from '@lib/contact-rules';
import { MailModule, MailTransport } from '@lib/mail';
import { contextsForContacts, MessageTemplates, MessageTemplatesModule } from '@lib/message-templates';
import { PlatformModule } from '@lib/platform';
import { TrackedLinks, TrackingModule, TrackingService } from '@lib/tracking';

/**
 * The email benchmark's naive baseline, run in a process of its own: one BullMQ job per
 * email, each doing for its one contact the work the dispatch pipeline does per part —
 * load the contact, lock its customer and check the contact rules, grant the budget, mark
 * it 'sending', render, send over the same SMTP pool, settle status, spend and events.
 * Forked with IPC: { queue, concurrency } starts the worker, which answers { ready: true }.
 */
@Module({ imports: [PlatformModule, ContactRulesModule, BudgetsModule, TrackingModule, MessageTemplatesModule, MailModule, ChannelsModule] })
class NaiveEmailModule {}

interface ContactRow {
  id: string;
  customer_id: string;
  status: string;
  campaign_id: number;
  step_id: number;
  channel: 'email';
  template_ref: string;
  email: string | null;
  campaign_status: string;
  owning_org_unit_id: number;
  owning_path: string;
  objective: string;
  priority: number;
  cost_per_contact: string;
  branch_id: number;
}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(NaiveEmailModule, { logger: ['error', 'warn'] });
  const config = app.get(AppConfig);
  const db = app.get(DataSource);
  const eligibility = app.get(ContactEligibility);
  const policies = app.get(ContactPolicyService);
  const budget = app.get(BudgetGuard);
  const tracking = app.get(TrackingService);
  const templates = app.get(MessageTemplates);
  const trackedLinks = app.get(TrackedLinks);
  const sender = app.get(EmailBatchSender);
  const mail = app.get(MailTransport);

  async function sendOne(contactId: number): Promise<void> {
    // Read before the transaction: it takes a connection of its own.
    const policy = await policies.loadDefault();
    const claimed = await db.transaction(async (manager) => {
      const [contact]: ContactRow[] = await manager.query(
        `SELECT k.id, k.customer_id, k.status, k.campaign_id, k.step_id, s.channel, s.template_ref, cu.email,
                c.status AS campaign_status, c.owning_org_unit_id, ou.path AS owning_path, r.objective, r.priority, s.cost_per_contact::text,
                (SELECT b.id FROM org_units u JOIN org_units b ON b.id = ANY(r.branch_ids) AND u.path LIKE b.path || '%'
                  WHERE u.id = k.org_unit_id ORDER BY length(b.path) DESC LIMIT 1) AS branch_id
           FROM contacts k JOIN customers cu ON cu.id = k.customer_id
           JOIN campaigns c ON c.id = k.campaign_id JOIN org_units ou ON ou.id = c.owning_org_unit_id
           JOIN campaign_steps s ON s.id = k.step_id JOIN campaign_revisions r ON r.id = s.revision_id
          WHERE k.id = $1 FOR UPDATE OF k`,
        [contactId],
      );
      if (!contact || contact.status !== 'planned' || contact.campaign_status !== 'running') return null;
      await manager.query(`SELECT id FROM customers WHERE id = $1 FOR NO KEY UPDATE`, [contact.customer_id]);
      const [{ at }] = await manager.query(`SELECT clock_timestamp() AS at`);
      const decisions = eligibility.decisionsByCustomer(
        new OrgScope(contact.owning_org_unit_id, contact.owning_path),
        { sql: 'SELECT $1::bigint AS customer_id', params: [contact.customer_id] },
        policy,
        { channels: ['email'], at, purpose: contact.objective === 'retention' ? 'renewal' : 'sales', campaignId: contact.campaign_id, priority: contact.priority },
      );
      const [decision]: { reason_0: ExclusionReason | null }[] = await manager.query(decisions.sql, decisions.params);
      const reason = decision ? decision.reason_0 : 'do_not_contact';
      const key = `naive:${contactId}`;
      if (reason) {
        await manager.query(`UPDATE contacts SET status = 'skipped', skip_reason = $2 WHERE id = $1`, [contactId, reason]);
        await tracking.record({ type: 'skipped', reason, contactIds: [contactId], occurredAt: at, key }, manager);
        return null;
      }
      const grant = await budget.grant(
        { campaignId: contact.campaign_id, branchId: contact.branch_id, channel: 'email', stepId: contact.step_id, contacts: 1, unitCostFen: fenOf(contact.cost_per_contact) },
        manager,
      );
      if (grant.grantedContacts === 0) return null;
      await manager.query(`UPDATE contacts SET status = 'sending', contacted_at = $2, attempts = attempts + 1 WHERE id = $1`, [contactId, at]);
      await tracking.record({ type: 'queued', contactIds: [contactId], occurredAt: at, key }, manager);
      return { contact, grantId: grant.grantId };
    });
    const email = claimed?.contact.email;
    if (!claimed || !email) return;
    const { contact, grantId } = claimed;
    const compiled = await templates.compiled(contact.template_ref, 'email');
    const linkIndexes = await trackedLinks.register(contact.step_id, compiled.links);
    const context = (await contextsForContacts(db.manager, [contactId])).get(contactId);
    if (!context) return;
    await mail.send(sender.messageOf(contactId, contact.campaign_id, email, compiled, context, linkIndexes, contact.step_id));
    await db.transaction(async (manager) => {
      const now = new Date();
      await manager.query(`UPDATE contacts SET status = 'sent', sent_at = $2 WHERE id = $1 AND status = 'sending'`, [contactId, now]);
      await tracking.record({ type: 'sent', contactIds: [contactId], occurredAt: now, key: `naive-sent:${contactId}` }, manager);
      if (grantId) await budget.settle(grantId, 1, manager);
    });
  }

  process.once('message', (start: { queue: string; concurrency: number }) => {
    const connection = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker(start.queue, (job: Job<{ contactId: number }>) => sendOne(job.data.contactId), {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency: start.concurrency,
    });
    worker.on('failed', (job, err) => console.error(`[naive] job ${job?.id}: ${err.message}`));
    worker.waitUntilReady().then(() => process.send?.({ ready: true }));
    process.on('disconnect', () => {
      worker.close().then(() => connection.quit()).then(() => app.close()).then(() => process.exit(0));
    });
  });
}

main().catch((error) => {
  console.error(`[naive] ${error.stack ?? error.message}`);
  process.exit(1);
});
