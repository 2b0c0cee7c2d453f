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

  it('resends both open parts of a sender that claimed ahead, and pays each grant once', async () => {
    const campaign = await launchedEmailCampaign(world, await createCustomers(world.db, world.org.countyA1, 30, 'AHEAD'));
    await world.app.get(ContactDispatcher).dispatchDue();
    const [{ id: batchId }] = await world.db.query(`SELECT id::int FROM dispatch_batches WHERE campaign_id = $1`, [campaign.campaignId]);
    const batches = world.app.get(ContactBatches);

    // The first holder sends one part and has claimed the next, then loses its hold.
    const sending = (await batches.claimPart(batchId, 10)).part!;
    const ahead = (await batches.claimPart(batchId, 10, [sending])).part!;
    expect(ahead.resumed).toBe(false);
    expect(ahead.contactIds.filter((id) => sending.contactIds.includes(id))).toEqual([]);
    // The second holder resends both parts as one, with both grants.
    const resumed = (await batches.claimPart(batchId, 10)).part!;
    expect(resumed).toMatchObject({ resumed: true, contactIds: [...sending.contactIds, ...ahead.contactIds].sort((a, b) => a - b) });
    expect([...resumed.grantIds].sort()).toEqual([...sending.grantIds, ...ahead.grantIds].sort());
    // The first holder settles the part it sent; the second settles what is left; the first's late settlement of the other adds nothing.
    await batches.settlePart(sending, allSent(sending));
    await batches.settlePart(resumed, allSent(resumed));
    await batches.settlePart(ahead, allSent(ahead));
    // A claim while holding a part does not end the batch: the last one ends it once nothing is held.
    const last = (await batches.claimPart(batchId, 10)).part!;
    expect(await batches.claimPart(batchId, 10, [last])).toEqual({ stop: 'settle_first' });
    await batches.settlePart(last, allSent(last));
    expect(await batches.claimPart(batchId, 10)).toEqual({ stop: 'done' });

    const lines = await world.db.query(
      `SELECT kind, count(*)::int AS n, coalesce(sum(contacts) FILTER (WHERE kind = 'spend'), 0)::int AS contacts, sum(amount)::text AS amount
         FROM budget_lines WHERE campaign_id = $1 AND kind IN ('spend', 'commitment') GROUP BY kind ORDER BY kind`,
      [campaign.campaignId],
    );
    // Three grants, each opened and closed once; thirty contacts sent, thirty paid for.
    expect(lines).toEqual([
      { kind: 'commitment', n: 6, contacts: 0, amount: '0.00' },
      { kind: 'spend', n: 3, contacts: 30, amount: '3.00' },
    ]);
    const [{ open }] = await world.db.query(`SELECT cardinality(open_grant_ids) AS open FROM dispatch_batches WHERE id = $1`, [batchId]);
    expect(open).toBe(0);
    const events = await world.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT contact_id)::int AS contacts FROM contact_events WHERE campaign_id = $1 AND event_type = 'sent'`,
      [campaign.campaignId],
    );
    expect(events).toEqual([{ n: 30, contacts: 30 }]);
  });
});
