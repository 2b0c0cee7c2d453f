import { CampaignLaunchService } from '@lib/dispatch';
import { scheduledEmailCampaign } from '../support/email-campaign';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import {
  campaignContactIds,
  createCustomers,
  deliveryCounts,
  FAST_SENDING,
  FaultWorld,
  launchedEmailCampaign,
  receivedContactIds,
  settled,
  startFaultWorld,
  startWorkerProcess,
  WorkerProcess,
} from './send-faults';

/** The sender's name tells which process sent a mail; the address, and so the Message-ID, is the same. */
const SENDERS = ['营销活动平台 甲', '营销活动平台 乙'];

describe('Two worker processes sending side by side', () => {
  let sink: SmtpSink;
  let world: FaultWorld;
  let workers: WorkerProcess[];

  beforeAll(async () => {
    sink = await startSmtpSink({ delayMs: () => 3 });
    process.env.SMTP_URL = sink.url;
    world = await startFaultWorld();
    // The default hold on a job: a lapse while a process is busy would send its part twice, and nobody dies here.
    workers = SENDERS.map((name) =>
      startWorkerProcess({ ...FAST_SENDING, EMAIL_JOB_LOCK_MS: '30000', SMTP_URL: sink.url, MAIL_FROM: `${name} <campaigns@localhost>` }),
    );
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await world.app.close();
    await sink.close();
    delete process.env.SMTP_URL;
  });

  const sentBy = (campaignId: number, name: string): number =>
    sink.received.filter((mail) => mail.parsed.from?.value[0]?.name === name && String(mail.parsed.messageId).includes(`.campaign-${campaignId}@`)).length;

  it('sends each contact of one campaign exactly once, the work shared by both processes', async () => {
    const contacts = 2000;
    const campaign = await launchedEmailCampaign(world, await createCustomers(world.db, world.org.countyA1, contacts, 'TWO'));

    const [counts] = await settled(world.db, [campaign.campaignId], 70_000);
    expect(counts).toEqual({ sent: contacts });
    const received = receivedContactIds(sink, campaign.campaignId);
    const { duplicates, missing } = deliveryCounts(received, await campaignContactIds(world.db, campaign.campaignId));
    const shares = SENDERS.map((name) => sentBy(campaign.campaignId, name));
    console.log(`two worker processes, one campaign: ${received.length} mails for ${contacts} contacts (${shares.join(' + ')}), ${duplicates} duplicates`);
    expect({ mails: received.length, duplicates, missing }).toEqual({ mails: contacts, duplicates: 0, missing: [] });
    for (const share of shares) expect(share).toBeGreaterThan(0);
  }, 90_000);

  it('lets no customer get two emails when two campaigns race over the same customers with a cap of one contact a week', async () => {
    // One contact a week over every channel and one email a week; no minimum gap, so the weekly cap is what holds.
    await world.db.query(
      `UPDATE contact_policies SET max_per_7_days = 1, min_gap_hours = 0,
              per_channel = jsonb_set(per_channel, '{email}', '{"maxPer7Days": 1, "maxPer30Days": 4}')
        WHERE is_default`,
    );
    const customers = 600;
    const customerIds = await createCustomers(world.db, world.org.countyA2, customers, 'RACE');
    const plan = () =>
      scheduledEmailCampaign(world.app, world.db, {
        ownerId: world.plannerId,
        reviewerId: world.reviewerId,
        owningUnitId: world.org.province,
        branchIds: [world.org.cityA, world.org.cityB],
        customerIds,
        templateRef: 'cross_sell',
      });
    const campaigns = [await plan(), await plan()];
    const launches = world.app.get(CampaignLaunchService);
    await Promise.all(campaigns.map((campaign) => launches.launch(campaign.campaignId, { seed: 7 })));
    const campaignIds = campaigns.map((campaign) => campaign.campaignId);

    const counts = await settled(world.db, campaignIds, 70_000);
    const mails = sink.received.filter((mail) => campaignIds.some((id) => String(mail.parsed.messageId).includes(`.campaign-${id}@`)));
    const perRecipient = new Map<string, number>();
    for (const mail of mails) for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const twice = [...perRecipient.values()].filter((n) => n > 1).length;
    console.log(
      `two campaigns racing over ${customers} customers, one contact a week: ${mails.length} mails to ${perRecipient.size} customers, ` +
        `${twice} got two; campaign ${campaignIds[0]}: ${JSON.stringify(counts[0])}, campaign ${campaignIds[1]}: ${JSON.stringify(counts[1])}`,
    );
    expect(twice).toBe(0);
    expect({ mails: mails.length, customers: perRecipient.size }).toEqual({ mails: customers, customers });

    // Each customer is one campaign's sent contact and the other's skipped one, with the reason and its event.
    const outcomes = await world.db.query(
      `SELECT count(*) FILTER (WHERE n_sent = 1 AND n_skipped = 1)::int AS one_each, count(*)::int AS customers
         FROM (SELECT customer_id, count(*) FILTER (WHERE status = 'sent') AS n_sent, count(*) FILTER (WHERE status = 'skipped') AS n_skipped
                 FROM contacts WHERE campaign_id = ANY($1::int[]) GROUP BY customer_id) per_customer`,
      [campaignIds],
    );
    expect(outcomes).toEqual([{ one_each: customers, customers }]);
    const reasons = await world.db.query(
      `SELECT skip_reason, count(*)::int AS n FROM contacts WHERE campaign_id = ANY($1::int[]) AND status = 'skipped' GROUP BY skip_reason`,
      [campaignIds],
    );
    expect(reasons).toEqual([{ skip_reason: 'cap_7d', n: customers }]);
    const events = await world.db.query(
      `SELECT e.reason, count(DISTINCT e.contact_id)::int AS contacts, count(*)::int AS n
         FROM contact_events e JOIN contacts k ON k.id = e.contact_id AND k.status = 'skipped'
        WHERE e.campaign_id = ANY($1::int[]) AND e.event_type = 'skipped' GROUP BY e.reason`,
      [campaignIds],
    );
    expect(events).toEqual([{ reason: 'cap_7d', contacts: customers, n: customers }]);
  }, 90_000);
});
