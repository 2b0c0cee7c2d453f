import { ReceivedMail, SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/test-app';
import {
  campaignContactIds,
  contactStatuses,
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

const CONTACTS = 2000;

describe('A worker process killed mid-send', () => {
  let sink: SmtpSink;
  let world: FaultWorld;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // A relay that takes a few milliseconds per message, so the kill lands while mail is on its way.
    sink = await startSmtpSink({ delayMs: () => 8 });
    process.env.SMTP_URL = sink.url;
    world = await startFaultWorld();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await world.app.close();
    await sink.close();
    delete process.env.SMTP_URL;
  });

  it('loses no contact when the worker is killed with SIGKILL and started again, and resends at most what was in flight', async () => {
    const customerIds = await createCustomers(world.db, world.org.countyA1, CONTACTS, 'KILL');
    const campaign = await launchedEmailCampaign(world, customerIds);
    const env = { ...FAST_SENDING, SMTP_URL: sink.url };

    const first = startWorkerProcess(env);
    workers.push(first);
    // Killed once a good part of the mail has gone and a part is being sent.
    await eventually(async () => {
      if (receivedContactIds(sink, campaign.campaignId).length < CONTACTS / 4) return undefined;
      return (await contactStatuses(world.db, campaign.campaignId)).sending > 0 ? true : undefined;
    }, 60_000);
    await first.kill();
    const atTheKill = await contactStatuses(world.db, campaign.campaignId);
    const inFlight = atTheKill.sending ?? 0;
    const receivedAtTheKill = sink.received.length;
    const sendingAtTheKill: { id: string }[] = await world.db.query(`SELECT id FROM contacts WHERE campaign_id = $1 AND status = 'sending'`, [
      campaign.campaignId,
    ]);
    expect(inFlight).toBeGreaterThan(0);
    expect(atTheKill.sent ?? 0).toBeLessThan(CONTACTS);

    const restartedAt = Date.now();
    const second = startWorkerProcess(env);
    workers.push(second);
    const [counts] = await settled(world.db, [campaign.campaignId], 60_000);
    const finishedAfterMs = Date.now() - restartedAt;
    await second.stop();

    expect(counts).toEqual({ sent: CONTACTS });
    const received = receivedContactIds(sink, campaign.campaignId);
    const { duplicates, missing } = deliveryCounts(received, await campaignContactIds(world.db, campaign.campaignId));
    console.log(
      `worker killed mid-send: ${receivedAtTheKill} mails received before the kill, ${inFlight} contacts in flight at the kill; ` +
        `the new worker finished ${(finishedAfterMs / 1000).toFixed(1)} s after its start; ` +
        `${received.length} mails for ${CONTACTS} contacts: ${missing.length} lost, ${duplicates} duplicates`,
    );
    expect(missing).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    // And the copies sent twice are of contacts that were being sent when the worker died.
    const copies = new Map<number, number>();
    for (const id of received) copies.set(id, (copies.get(id) ?? 0) + 1);
    const inFlightIds = new Set(sendingAtTheKill.map((row) => Number(row.id)));
    expect([...copies].filter(([id, n]) => n > 1 && !inFlightIds.has(id))).toEqual([]);
    // A resent copy is the same message: the same Message-ID, recipient and subject.
    const byContact = new Map<string, ReceivedMail[]>();
    for (const mail of sink.received) byContact.set(String(mail.parsed.messageId), [...(byContact.get(String(mail.parsed.messageId)) ?? []), mail]);
    for (const copies of byContact.values()) {
      expect(new Set(copies.map((mail) => `${mail.to.join()} ${mail.parsed.subject}`)).size).toBe(1);
    }
    // Every contact was paid for once, whatever was sent twice.
    const [spend] = await world.db.query(
      `SELECT coalesce(sum(contacts), 0)::int AS contacts FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend'`,
      [campaign.campaignId],
    );
    expect(spend.contacts).toBe(CONTACTS);
  }, 150_000);
});
