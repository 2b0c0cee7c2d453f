import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ConfigModule } from '@lib/config';
import { DatabaseModule } from '@lib/database';
import { RedisModule } from '@lib/redis';
import { createFixtureOrg, createProducts, createUser, FixtureOrg, resetState } from '../../test/support/fixtures';
import { CsvImporter } from './csv-importer.service';
import { ImportKind, ImportMode } from './import-columns';
import { ImportStatus } from './import-job.entity';
import { ImportLanguage } from './import-messages';
import { ImportService } from './import.service';
import { ImportsModule } from './imports.module';
import { normaliseMobile } from '@lib/customers';

const CUSTOMER_HEADER = 'customer_no,id_number,name,gender,birth_date,mobile,email,city,org_unit_code,consent_email,consent_phone,consent_sms,consent_agent_visit,do_not_contact';
const POLICY_HEADER = 'policy_no,customer_no,product_code,premium,start_date,end_date,status,channel,org_unit_code';

describe(CsvImporter.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let imports: ImportService;
  let org: FixtureOrg;
  let provinceUser: number;
  let countyUser: number;
  let dir: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule, RedisModule, ImportsModule] }).compile();
    app = await moduleRef.init();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    provinceUser = await createUser(db, 'importer.province', org.province, ['admin']);
    countyUser = await createUser(db, 'importer.county', org.countyA1, ['branch_executor']);
    imports = app.get(ImportService);
    dir = await mkdtemp(join(tmpdir(), 'imports-spec-'));
  });

  afterAll(async () => {
    await app.close();
  });

  /** Writes the lines as a file and registers its import as `owner`; answers the import's id. */
  async function registerLines(
    kind: ImportKind,
    lines: string[],
    options: { mode?: ImportMode; owner?: 'province' | 'county'; language?: ImportLanguage } = {},
  ): Promise<string> {
    const id = randomUUID();
    const path = join(dir, `${id}.csv`);
    await writeFile(path, lines.join('\n') + '\n');
    const county = options.owner === 'county';
    const language = options.language ?? ImportLanguage.English;
    await imports.register(id, { kind, mode: options.mode ?? ImportMode.AllOrNothing, language, fileName: 'test.csv' }, path, {
      userId: county ? countyUser : provinceUser,
      orgUnitId: county ? org.countyA1 : org.province,
    });
    return id;
  }

  /** Writes the lines as a file, imports it as `owner`, and answers the import and its rejections. */
  async function importLines(
    kind: ImportKind,
    lines: string[],
    options: { mode?: ImportMode; owner?: 'province' | 'county'; language?: ImportLanguage } = {},
  ) {
    const id = await registerLines(kind, lines, options);
    await imports.run(id);
    const scope = new OrgScope(org.hq, '/');
    const job = await imports.get(id, scope);
    const rejections = (await imports.rejections(id, scope, { page: 1, pageSize: 200 })).items;
    return { job, rejections, reasons: Object.fromEntries(rejections.map((r) => [r.lineNo, r.reason])) };
  }

  const customerRow = (no: string, columns: Partial<Record<string, string>> = {}) => {
    const row: Record<string, string> = {
      customer_no: no,
      id_number: '320102198001011234',
      name: `客户${no}`,
      gender: 'M',
      birth_date: '1980-01-01',
      mobile: '13800001111',
      email: `${no}@example.com`,
      city: '南京',
      org_unit_code: 'COUNTY_A1',
      consent_email: 'true',
      consent_phone: '1',
      consent_sms: 'N',
      consent_agent_visit: '是',
      do_not_contact: 'false',
      ...columns,
    };
    return CUSTOMER_HEADER.split(',').map((name) => row[name]).join(',');
  };

  it('imports customers from a file with Chinese headers, converting genders and yes/no values', async () => {
    const { job } = await importLines(ImportKind.Customers, [
      '\uFEFF客户号,姓名,性别,出生日期,手机号,机构代码,同意邮件,同意短信,免打扰',
      'CN001,王芳,女,1990-02-28,13912345678,COUNTY_A2,是,否,Y',
      'CN002,"李, 雷",男,,,COUNTY_A1,0,1,N',
    ]);
    expect(job).toMatchObject({ status: ImportStatus.Succeeded, rowsRead: 2, rowsValid: 2, rowsInserted: 2, rowsRejected: 0 });
    const rows = await db.query(
      `SELECT customer_no, name, gender, birth_date::text, consent_email, consent_sms, do_not_contact, do_not_contact_at IS NOT NULL AS dnc_dated
       FROM customers WHERE customer_no LIKE 'CN%' ORDER BY customer_no`,
    );
    expect(rows).toEqual([
      { customer_no: 'CN001', name: '王芳', gender: 'F', birth_date: '1990-02-28', consent_email: true, consent_sms: false, do_not_contact: true, dnc_dated: true },
      { customer_no: 'CN002', name: '李, 雷', gender: 'M', birth_date: null, consent_email: false, consent_sms: true, do_not_contact: false, dnc_dated: false },
    ]);
  });

  it('changes nothing when the same file is imported again, and updates only the rows that changed', async () => {
    const lines = [CUSTOMER_HEADER, customerRow('RE001'), customerRow('RE002'), customerRow('RE003', { do_not_contact: 'Y' })];
    const first = await importLines(ImportKind.Customers, lines);
    expect(first.job).toMatchObject({ rowsInserted: 3, rowsUpdated: 0, rowsUnchanged: 0 });
    const [before] = await db.query(`SELECT updated_at, do_not_contact_at FROM customers WHERE customer_no = 'RE003'`);

    const again = await importLines(ImportKind.Customers, lines);
    expect(again.job).toMatchObject({ status: ImportStatus.Succeeded, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });
    const [after] = await db.query(`SELECT updated_at, do_not_contact_at FROM customers WHERE customer_no = 'RE003'`);
    expect(after).toEqual(before);

    const changed = await importLines(ImportKind.Customers, [CUSTOMER_HEADER, customerRow('RE001'), customerRow('RE002', { city: '无锡' }), customerRow('RE004')]);
    expect(changed.job).toMatchObject({ rowsInserted: 1, rowsUpdated: 1, rowsUnchanged: 1 });
  });

  it('rejects every bad customer row with its line number and reason, and in all_or_nothing mode writes nothing', async () => {
    const { job, rejections, reasons } = await importLines(ImportKind.Customers, [
      CUSTOMER_HEADER,
      customerRow('BAD001'),
      customerRow('', { name: '' }),
      customerRow('BAD003', { birth_date: '1990-02-30' }),
      customerRow('BAD004', { gender: 'X', consent_email: 'maybe' }),
      customerRow('BAD005', { org_unit_code: 'NOWHERE' }),
      customerRow('BAD001'),
      customerRow('BAD007', { name: '名'.repeat(101) }),
      'BAD008,too,few,fields',
      customerRow('BAD009', { birth_date: '01/02/1990' }),
      '',
      customerRow('BAD011', { city: '"unclosed' }),
    ]);
    expect(job).toMatchObject({ status: ImportStatus.Rejected, rowsRead: 10, rowsValid: 1, rowsRejected: 9, rowsInserted: 0 });
    expect(reasons).toEqual({
      3: 'customer_no is required; name is required',
      4: 'birth_date "1990-02-30" is not a date (YYYY-MM-DD)',
      5: 'gender "X" is not a gender (M/F, 男/女); consent_email "maybe" is not a yes/no value (true/false, 1/0, Y/N, 是/否)',
      6: 'unknown org unit code NOWHERE',
      7: 'customer_no BAD001 repeats line 2',
      8: 'name is longer than 100 characters',
      9: 'expected 14 fields, found 4',
      10: 'birth_date "01/02/1990" is not a date (YYYY-MM-DD)',
      12: 'a quoted field is never closed',
    });
    expect(rejections.find((r) => r.lineNo === 9)?.raw).toBe('BAD008,too,few,fields');
    // The report masks id number and mobile, as every role of the scope reads it.
    expect(rejections.find((r) => r.lineNo === 4)?.raw).toBe(
      customerRow('BAD003', { birth_date: '1990-02-30' }).replace('320102198001011234', '320***********1234').replace('13800001111', '138****1111'),
    );
    expect(await db.query(`SELECT 1 FROM customers WHERE customer_no LIKE 'BAD%'`)).toHaveLength(0);
  });

  it('stores mobiles written in the common Chinese notations as their 11 digits, as normaliseMobile reads them, and rejects the rest with a reason', async () => {
    const notations = ['+86 138 1234 5678', '0086-138-1234-5678', '(+86)13812345678', '（+86）138 1234 5678', '138\u30001234\u30005678', '１３８１２３４５６７８', '8613812345678'];
    const wrong = ['025-8456-1234', '1381234567', '+852 9123 4567'];
    const { job, reasons } = await importLines(
      ImportKind.Customers,
      [CUSTOMER_HEADER, ...[...notations, ...wrong].map((mobile, i) => customerRow(`MOB${i}`, { mobile: `"${mobile}"` }))],
      { mode: ImportMode.GoodRows },
    );
    expect(job).toMatchObject({ rowsInserted: notations.length, rowsRejected: wrong.length });
    const stored = await db.query(`SELECT mobile FROM customers WHERE customer_no LIKE 'MOB%' ORDER BY customer_no`);
    expect(stored.map((row: { mobile: string }) => row.mobile)).toEqual(notations.map(normaliseMobile));
    expect(stored.every((row: { mobile: string }) => row.mobile === '13812345678')).toBe(true);
    expect(wrong.map(normaliseMobile)).toEqual([null, null, null]);
    // Line 1 is the header, so the second wrong mobile is on line notations.length + 3.
    expect(reasons[notations.length + 3]).toBe(
      'mobile "1381234567" is not a mainland China mobile number (11 digits starting with 1; +86, 0086, spaces, dashes and parentheses are allowed)',
    );
    expect(Object.keys(reasons).map(Number)).toEqual([9, 10, 11]);
  });

  it('gives the reasons and the outcome in Chinese when the import was uploaded in Chinese', async () => {
    const { job, reasons } = await importLines(
      ImportKind.Customers,
      [
        CUSTOMER_HEADER,
        customerRow('ZH001'),
        customerRow('', { birth_date: '1990-02-30' }),
        customerRow('ZH003', { gender: 'X', org_unit_code: 'NOWHERE' }),
        customerRow('ZH001'),
        'ZH005,too,few',
      ],
      { language: ImportLanguage.Chinese },
    );
    expect(job).toMatchObject({ status: ImportStatus.Rejected, language: 'zh', error: '4 行被拒绝，因此未导入任何数据' });
    expect(reasons).toEqual({
      3: '客户号为必填项；出生日期“1990-02-30”不是日期（应为 YYYY-MM-DD）',
      4: '性别“X”不是性别（男/女、M/F）；机构代码 NOWHERE 不存在',
      5: '客户号 ZH001 与第 2 行重复',
      6: '应有 14 列，实有 3 列',
    });
  });

  it('in good_rows mode writes the good rows and reports the others', async () => {
    const { job, reasons } = await importLines(
      ImportKind.Customers,
      [CUSTOMER_HEADER, customerRow('GOOD001'), customerRow('GOOD002', { email: 'x'.repeat(201) }), customerRow('GOOD003')],
      { mode: ImportMode.GoodRows },
    );
    expect(job).toMatchObject({ status: ImportStatus.Succeeded, rowsRead: 3, rowsValid: 2, rowsRejected: 1, rowsInserted: 2 });
    expect(reasons).toEqual({ 3: 'email is longer than 200 characters' });
    const stored = await db.query(`SELECT customer_no FROM customers WHERE customer_no LIKE 'GOOD%' ORDER BY 1`);
    expect(stored.map((r: { customer_no: string }) => r.customer_no)).toEqual(['GOOD001', 'GOOD003']);
  });

  it("rejects rows of org units outside the importer's scope, and customers owned outside it", async () => {
    await importLines(ImportKind.Customers, [CUSTOMER_HEADER, customerRow('SCOPE001', { org_unit_code: 'COUNTY_A2' })]);
    const { reasons } = await importLines(
      ImportKind.Customers,
      [CUSTOMER_HEADER, customerRow('SCOPE002', { org_unit_code: 'COUNTY_B1' }), customerRow('SCOPE001'), customerRow('SCOPE003')],
      { owner: 'county', mode: ImportMode.GoodRows },
    );
    expect(reasons).toEqual({
      2: 'org unit COUNTY_B1 is outside your scope',
      3: 'unknown customer_no SCOPE001 in your scope',
    });
  });

  it('refuses a file whose header does not fit before reading any row', async () => {
    const { job } = await importLines(ImportKind.Customers, ['customer_no,name,colour', 'X1,Y,Z']);
    expect(job.status).toBe(ImportStatus.Rejected);
    expect(job.rowsRead).toBe(0);
    expect(job.error).toContain('unknown column "colour"');
    expect(job.error).toContain('required column org_unit_code (机构代码) is missing');
  });

  it('tells the outcome in the language of whoever reads it, the import\'s own when the reader names none', async () => {
    const id = await registerLines(ImportKind.Customers, ['customer_no,name,colour', 'X1,Y,Z'], { language: ImportLanguage.English });
    await imports.run(id);
    const scope = new OrgScope(org.hq, '/');

    await expect(imports.get(id, scope)).resolves.toMatchObject({ error: expect.stringContaining('unknown column "colour"') });
    await expect(imports.get(id, scope, 'zh')).resolves.toMatchObject({ error: expect.stringContaining('未知列“colour”（第 3 列）') });
    await expect(imports.list(scope, { page: 1, pageSize: 50 }, 'zh')).resolves.toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ id, error: expect.stringContaining('表头不符合客户文件的格式') })]),
    });
    await expect(imports.get(id, scope, 'en')).resolves.not.toHaveProperty('errorTexts');
  });

  it('imports policies of customers already in the database, and claims of those policies', async () => {
    await importLines(ImportKind.Customers, [CUSTOMER_HEADER, customerRow('POLC01'), customerRow('POLC02')]);
    const policies = await importLines(
      ImportKind.Policies,
      [
        POLICY_HEADER,
        'PN001,POLC01,SYX,3200.50,2026-01-01,2026-12-31,active,agent,COUNTY_A1',
        '"PN002",POLC02,JCX,0,2026-03-01,2027-02-28,Expired,online,COUNTY_A1',
      ],
    );
    expect(policies.job).toMatchObject({ status: ImportStatus.Succeeded, rowsInserted: 2 });
    const claims = await importLines(ImportKind.Claims, ['claim_no,policy_no,claim_date,amount,status', 'CL001,PN001,2026-05-01,800,paid']);
    expect(claims.job).toMatchObject({ status: ImportStatus.Succeeded, rowsInserted: 1 });
    const [claim] = await db.query(
      `SELECT c.customer_no FROM claims cl JOIN customers c ON c.id = cl.customer_id WHERE cl.claim_no = 'CL001'`,
    );
    expect(claim.customer_no).toBe('POLC01');
  });

  it('rejects policies and claims with unknown references, bad amounts, dates, statuses and channels', async () => {
    const policies = await importLines(ImportKind.Policies, [
      POLICY_HEADER,
      'PB001,NOSUCH,SYX,100,2026-01-01,2026-12-31,active,agent,COUNTY_A1',
      'PB002,POLC01,XXX,100,2026-01-01,2026-12-31,active,agent,COUNTY_A1',
      'PB003,POLC01,SYX,-5,2026-01-01,2026-12-31,active,agent,COUNTY_A1',
      'PB004,POLC01,SYX,12.345,2026-01-01,2026-12-31,active,agent,COUNTY_A1',
      'PB005,POLC01,SYX,100,2026-06-01,2026-05-31,active,agent,COUNTY_A1',
      'PB006,POLC01,SYX,100,2026-01-01,2026-12-31,lapsed,fax,COUNTY_A1',
    ]);
    expect(policies.reasons).toEqual({
      2: 'unknown customer_no NOSUCH',
      3: 'unknown product_code XXX',
      4: 'premium "-5" must not be negative',
      5: 'premium "12.345" is not an amount (digits, at most 2 decimals)',
      6: 'end_date is before start_date',
      7: 'status "lapsed" is not one of active/expired/cancelled/pending; channel "fax" is not one of agent/call_centre/online/bancassurance/dealer/direct',
    });
    const claims = await importLines(ImportKind.Claims, [
      'claim_no,policy_no,claim_date,amount,status',
      'CB001,NOSUCH,2026-05-01,800,paid',
      'CB002,PN001,2026-05-01,800,',
    ]);
    expect(claims.reasons).toEqual({ 2: 'unknown policy_no NOSUCH', 3: 'status is required' });
  });

  it('runs two imports of overlapping files at the same moment, in opposite order, without failing either', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => customerRow(`PAR${String(i).padStart(5, '0')}`));
    const forwards = await registerLines(ImportKind.Customers, [CUSTOMER_HEADER, ...rows]);
    const backwards = await registerLines(ImportKind.Customers, [CUSTOMER_HEADER, ...rows.map((row) => row.replace('南京', '无锡')).reverse()]);
    await expect(Promise.all([imports.run(forwards), imports.run(backwards)])).resolves.toEqual([ImportStatus.Succeeded, ImportStatus.Succeeded]);
    const scope = new OrgScope(org.hq, '/');
    const jobs = [await imports.get(forwards, scope), await imports.get(backwards, scope)];
    // One merged first and inserted every row; the other then changed the city of each.
    expect(jobs.map((job) => job.rowsInserted + job.rowsUpdated)).toEqual([4000, 4000]);
  });

  it('records as finishedAt the end of the import, not the start of its merge', async () => {
    await importLines(ImportKind.Customers, [CUSTOMER_HEADER, customerRow('LATE01')]);
    const id = await registerLines(ImportKind.Customers, [CUSTOMER_HEADER, customerRow('LATE01', { city: '苏州' })]);
    let running: Promise<ImportStatus | null> | undefined;
    let released = 0;
    // Another transaction holds the row the import updates, so its merge waits 1.5 s for it.
    await db.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM customers WHERE customer_no = 'LATE01' FOR UPDATE`);
      running = imports.run(id);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      released = Date.now();
    });
    await expect(running).resolves.toBe(ImportStatus.Succeeded);
    const job = await imports.get(id, new OrgScope(org.hq, '/'));
    expect(job.rowsUpdated).toBe(1);
    expect(job.finishedAt!.getTime()).toBeGreaterThanOrEqual(released);
    expect(job.finishedAt!.getTime() - job.startedAt!.getTime()).toBeGreaterThanOrEqual(1500);
  });

  it('does nothing when a finished import is run again', async () => {
    const id = randomUUID();
    const path = join(dir, `${id}.csv`);
    await writeFile(path, [CUSTOMER_HEADER, customerRow('TWICE01')].join('\r\n'));
    await imports.register(id, { kind: ImportKind.Customers, mode: ImportMode.AllOrNothing, language: ImportLanguage.Chinese, fileName: 'twice.csv' }, path, {
      userId: provinceUser,
      orgUnitId: org.province,
    });
    await expect(imports.run(id)).resolves.toBe(ImportStatus.Succeeded);
    await expect(imports.run(id)).resolves.toBeNull();
    const job = await imports.get(id, new OrgScope(org.hq, '/'));
    expect(job).toMatchObject({ status: ImportStatus.Succeeded, rowsInserted: 1 });
  });
});
