import { ClaimedPart, ContactBatches, ContactDispatcher } from '@lib/dispatch';
import { createCustomers, FaultWorld, launchedEmailCampaign, startFaultWorld } from './send-faults';

/**
 * Two holders of one batch at once: a worker whose hold on the job lapsed (a pause of
 * its process, Redis lost for a while) goes on sending while another took the job over
 * and resends the part in flight. Driven step by step through ContactBatches, in the
 * order that interleaves their claims and settlements worst.
 */
describe(ContactBatches.name, () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld();
  });

  afterAll(async () => {
    await world.app.close();
  });

  const allSent = (part: ClaimedPart) => ({ sent: part.contactIds, bounced: [], failed: [] });

  it('pays each part once when the job of a batch has two holders at once', async () => {
    const campaign = await launchedEmailCampaign(world, await createCustomers(world.db, world.org.countyA1, 30, 'HELD'));
    // Batches formed and their jobs queued, with no worker to take them: this test is both holders.
    await world.app.get(ContactDispatcher).dispatchDue();
    const [{ id: batchId }] = await world.db.query(`SELECT id::int FROM dispatch_batches WHERE campaign_id = $1`, [campaign.campaignId]);
    const batches = world.app.get(ContactBatches);

    const first = await batches.claimPart(batchId, 10);
    // The second holder finds the first one's part being sent and sends it again.
    const resumed = await batches.claimPart(batchId, 10);
    expect(resumed.part).toMatchObject({ contactIds: first.part?.contactIds, resumed: true });
    await batches.settlePart(first.part!, allSent(first.part!));
    const next = await batches.claimPart(batchId, 10);
    expect(next.part?.resumed).toBe(false);
    await batches.settlePart(resumed.part!, allSent(resumed.part!));
    await batches.settlePart(next.part!, allSent(next.part!));

    const [{ sent }] = await world.db.query(`SELECT count(*)::int AS sent FROM contacts WHERE campaign_id = $1 AND status = 'sent'`, [campaign.campaignId]);
    expect(sent).toBe(20);
    const lines = await world.db.query(
      `SELECT kind, coalesce(sum(contacts) FILTER (WHERE kind = 'spend'), 0)::int AS contacts, sum(amount)::text AS amount
         FROM budget_lines WHERE campaign_id = $1 AND kind IN ('spend', 'commitment') GROUP BY kind ORDER BY kind`,
      [campaign.campaignId],
    );
    // Twenty contacts sent are twenty paid for, and no grant is left open.
    expect(lines).toEqual([
      { kind: 'commitment', contacts: 0, amount: '0.00' },
      { kind: 'spend', contacts: 20, amount: '2.00' },
    ]);
    const events = await world.db.query(
      `SELECT event_type, count(*)::int AS n FROM contact_events WHERE campaign_id = $1 AND event_type = 'sent' GROUP BY event_type`,
      [campaign.campaignId],
    );
    expect(events).toEqual([{ event_type: 'sent', n: 20 }]);
  });
});
