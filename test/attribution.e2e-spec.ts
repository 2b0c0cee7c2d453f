import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ConversionAttribution } from '@lib/attribution';
import { CampaignLaunchService } from '@lib/dispatch';
import { createCustomer, createFixtureOrg, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState, scopeOf } from './support/fixtures';
import { call, eventually, login, startApi, startWorker } from './support/test-app';

const BOUNDARY = '----attribution-test-boundary';

function multipart(fileName: string, content: string): Buffer {
  const head = [`--${BOUNDARY}`, `Content-Disposition: form-data; name="file"; filename="${fileName}"`, 'Content-Type: text/csv', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

const HEADER = 'policy_no,customer_no,product_code,premium,start_date,end_date,status,channel,org_unit_code';

describe('Conversions attributed after a policies import', () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let admin: string;
  let campaignId: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    worker = await startWorker();
    org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    await createUser(db, 'import.admin', org.province, ['admin']);
    admin = await login(app, 'import.admin', FIXTURE_PASSWORD);

    // A home-and-accident cross-sell over 20 customers of Jiangning, launched for real: 20% held out.
    const customers: number[] = [];
    for (let i = 0; i < 20; i += 1) customers.push(await createCustomer(db, org.countyA1));
    const [segment] = await db.query(
      `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ('家财险目标客户', 'static', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [segment.id, customers]);
    const [bundle] = await db.query(
      `INSERT INTO bundles (code, name, product_codes, price, eligibility_rule, valid_from, valid_to, owner_org_unit_id, created_by)
       VALUES ('HOME-PLUS', '家财+意外', '{JCX,YWX}', 500, '{}', '2027-01-01', '2027-12-31', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    const [campaign] = await db.query(
      `INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('scheduled', $1, $2) RETURNING id`,
      [plannerId, org.province],
    );
    campaignId = campaign.id;
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, include_segment_ids,
                                       control_share_pct, budget, branch_ids, bundle_id, created_by)
       VALUES ($1, 1, 'approved', '家财险交叉销售', 'cross_sell', '2027-03-01', '2027-03-31', $2, 20, 10000, $3, $4, $5) RETURNING id`,
      [campaignId, [segment.id], [org.cityA], bundle.id, plannerId],
    );
    await db.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaignId, revision.id]);
    await db.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, window_start, window_end, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, 'email', 'home-offer', 0, '10:00', '18:00', 0.10, 1000, '{}')`,
      [revision.id],
    );
    await app.get(CampaignLaunchService).launch(campaignId, { seed: 42 });
    // The mail went out on 2 March.
    await db.query(`UPDATE contacts SET status = 'sent', contacted_at = '2027-03-02T10:00:00+08:00' WHERE campaign_id = $1`, [campaignId]);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  async function members(control: boolean): Promise<string[]> {
    const rows: { customer_no: string }[] = await db.query(
      `SELECT c.customer_no FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id JOIN customers c ON c.id = m.customer_id
        WHERE l.campaign_id = $1 AND m.control = $2 ORDER BY c.customer_no`,
      [campaignId, control],
    );
    return rows.map((row) => row.customer_no);
  }

  function upload(name: string, lines: string[]) {
    return call(app, 'POST', '/api/imports?kind=policies&mode=all_or_nothing', {
      token: admin,
      rawBody: multipart(name, [HEADER, ...lines].join('\n')),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
  }

  function finished(id: string): Promise<any> {
    return eventually(async () => {
      const answer = await call(app, 'GET', `/api/imports/${id}`, { token: admin });
      return ['queued', 'running'].includes(answer.body.status) ? undefined : answer.body;
    });
  }

  const conversions = (): Promise<{ policy_no: string; control: boolean; contact_id: string | null; channel: string | null; premium: string }[]> =>
    db.query(
      `SELECT p.policy_no, cc.control, cc.contact_id, cc.channel, cc.premium::text
         FROM campaign_conversions cc JOIN policies p ON p.id = cc.policy_id WHERE cc.campaign_id = $1 ORDER BY p.policy_no`,
      [campaignId],
    );

  const convertedEvents = (): Promise<{ policy_no: string; contact_id: string | null; channel: string | null; premium: string }[]> =>
    db.query(
      `SELECT p.policy_no, e.contact_id, e.channel, e.premium::text
         FROM contact_events e JOIN policies p ON p.id = e.policy_id
        WHERE e.event_type = 'converted' AND e.campaign_id = $1 ORDER BY p.policy_no`,
      [campaignId],
    );

  it('credits the imported policies of treatment and control members through the worker, once, and follows a corrected premium', async () => {
    const [treated, otherTreated] = await members(false);
    const [held] = await members(true);
    const [outsider] = (await db.query(`SELECT customer_no FROM customers WHERE id = $1`, [await createCustomer(db, org.countyA1)])).map(
      (row: { customer_no: string }) => row.customer_no,
    );
    const file = [
      `A0001,${treated},JCX,1280.00,2027-03-10,2028-03-09,active,agent,COUNTY_A1`,
      `A0002,${held},YWX,260.00,2027-03-12,2028-03-11,active,online,COUNTY_A1`,
      // Not in the bundle; not a member; started after the window.
      `A0003,${otherTreated},SYX,3200.00,2027-03-10,2028-03-09,active,agent,COUNTY_A1`,
      `A0004,${outsider},JCX,300.00,2027-03-10,2028-03-09,active,agent,COUNTY_A1`,
      `A0005,${otherTreated},JCX,300.00,2027-05-02,2028-05-01,active,agent,COUNTY_A1`,
    ];
    const created = await upload('policies.csv', file);
    expect(created.status).toBe(202);
    expect(await finished(created.body.id)).toMatchObject({ status: 'succeeded', rowsInserted: 5 });

    const credited = await eventually(async () => ((await conversions()).length === 2 ? conversions() : undefined));
    expect(credited).toEqual([
      { policy_no: 'A0001', control: false, contact_id: expect.any(String), channel: 'email', premium: '1280.00' },
      { policy_no: 'A0002', control: true, contact_id: null, channel: null, premium: '260.00' },
    ]);
    expect(await convertedEvents()).toEqual([
      { policy_no: 'A0001', contact_id: credited[0].contact_id, channel: 'email', premium: '1280.00' },
      { policy_no: 'A0002', contact_id: null, channel: null, premium: '260.00' },
    ]);
    const [contact] = await db.query(`SELECT converted_at FROM contacts WHERE id = $1`, [credited[0].contact_id]);
    expect(contact.converted_at).toEqual(new Date('2027-03-10T00:00:00+08:00'));

    // The job run again attributes nothing twice.
    await expect(worker.get(ConversionAttribution).run({ importId: created.body.id })).resolves.toEqual({ considered: 5, credited: 0, withdrawn: 0 });
    expect(await convertedEvents()).toHaveLength(2);

    // The same file again writes no policy, so it queues nothing; a corrected premium is attributed again.
    expect(await finished((await upload('policies.csv', file)).body.id)).toMatchObject({ status: 'succeeded', rowsUnchanged: 5 });
    const corrected = await upload('corrected.csv', [file[0].replace('1280.00', '1350.00')]);
    expect(await finished(corrected.body.id)).toMatchObject({ status: 'succeeded', rowsUpdated: 1 });
    await eventually(async () => ((await conversions())[0].premium === '1350.00' ? true : undefined));
    expect((await convertedEvents()).map((event) => event.premium)).toEqual(['1350.00', '260.00']);

    const summary = await worker.get(ConversionAttribution).conversionsOf(await scopeOf(db, org.province), campaignId);
    expect(summary).toMatchObject({
      treatment: { members: (await members(false)).length, converters: 1, conversions: 1, premium: '1350.00' },
      control: { members: (await members(true)).length, converters: 1, conversions: 1, premium: '260.00' },
    });
  });

  it('keeps the product lines a plan names beside its bundle, and answers an unknown line with 400 naming the field', async () => {
    const planner = await login(app, 'planner', FIXTURE_PASSWORD);
    const created = await call(app, 'POST', '/api/campaigns', {
      token: planner,
      body: { name: '意外健康险交叉销售', objective: 'cross_sell', attributionProductLines: ['health', 'accident'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.open).toMatchObject({ attributionProductLines: ['health', 'accident'] });

    const bad = await call(app, 'PATCH', `/api/campaigns/${created.body.id}`, { token: planner, body: { attributionProductLines: ['health', 'pets'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'attributionProductLines', code: 'not_one_of' })]);

    const cleared = await call(app, 'PATCH', `/api/campaigns/${created.body.id}`, { token: planner, body: { attributionProductLines: [] } });
    expect(cleared.body.open).toMatchObject({ attributionProductLines: [] });
  });
});
