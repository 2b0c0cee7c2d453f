import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFixtureOrg, createProducts, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, eventually, HttpAnswer, login, startApi, startWorker } from './support/test-app';
import { DataSource } from 'typeorm';
import { JobName, JobQueue } from '@lib/queue';

const BOUNDARY = '----import-test-boundary';

/** A multipart/form-data body with one file field. */
function multipart(fileName: string, content: string | Buffer, field = 'file'): Buffer {
  const head = [`--${BOUNDARY}`, `Content-Disposition: form-data; name="${field}"; filename="${fileName}"`, 'Content-Type: text/csv', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

/** Real GB18030 bytes of a text, as Excel on Chinese Windows saves CSV (the system's iconv encodes). */
const gb18030 = (text: string): Buffer => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'imports', name), 'utf8');

describe('CSV imports over HTTP', () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let admin: string;
  let countyExecutor: string;
  let analyst: string;
  let provinceExecutor: string;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    worker = await startWorker();
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'import.admin', org.province, ['admin']);
    await createUser(db, 'import.county', org.countyA1, ['branch_executor']);
    await createUser(db, 'import.analyst', org.province, ['analyst']);
    await createUser(db, 'import.province', org.province, ['branch_executor']);
    admin = await login(app, 'import.admin', FIXTURE_PASSWORD);
    countyExecutor = await login(app, 'import.county', FIXTURE_PASSWORD);
    analyst = await login(app, 'import.analyst', FIXTURE_PASSWORD);
    provinceExecutor = await login(app, 'import.province', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  function upload(token: string, query: string, fileName: string, content: string | Buffer, field?: string, language = 'zh'): Promise<HttpAnswer> {
    return call(app, 'POST', `/api/imports?${query}`, {
      token,
      rawBody: multipart(fileName, content, field),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': language },
    });
  }

  /** Waits until the worker has finished the import, and answers it. */
  function finished(id: string, token = admin): Promise<any> {
    return eventually(async () => {
      const answer = await call(app, 'GET', `/api/imports/${id}`, { token });
      return ['queued', 'running'].includes(answer.body.status) ? undefined : answer.body;
    });
  }

  it('imports customers uploaded as a file in the worker, and reports each rejected row', async () => {
    const created = await upload(admin, 'kind=customers&mode=good_rows', 'customers.csv', fixture('customers.csv'));
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ kind: 'customers', mode: 'good_rows', language: 'zh', status: 'queued', fileName: 'customers.csv' });
    expect(created.body.fileSize).toBe(Buffer.byteLength(fixture('customers.csv')));
    expect(created.body.storedPath).toBeUndefined();

    const done = await finished(created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', rowsRead: 5, rowsValid: 4, rowsRejected: 1, rowsInserted: 4, rowsUpdated: 0 });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();

    const rejections = await call(app, 'GET', `/api/imports/${created.body.id}/rejections`, { token: admin });
    expect(rejections.body).toMatchObject({ total: 1, page: 1 });
    expect(rejections.body.items[0]).toMatchObject({ lineNo: 6, raw: expect.stringContaining('C0005') });
    // No language asked for: the report is in Chinese, the product's default.
    expect(rejections.body.items[0].reason).toContain('机构代码 NOWHERE 不存在');

    const csv = await call(app, 'GET', `/api/imports/${created.body.id}/rejections.csv`, { token: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.body).split('\r\n')[0]).toBe('\uFEFFline_no,reason,raw');
    expect(String(csv.body)).toContain('\r\n6,');
    expect(String(csv.body)).toContain('机构代码 NOWHERE 不存在');
  });

  it('masks formatted mobile and id numbers and neutralises formulas in the rejected rows, on the page and in the CSV', async () => {
    const file = [
      'customer_no,id_number,name,mobile,org_unit_code',
      "=cmd|' /C calc'!A0,320102 19800101 1234,张伟,+86 138 1234 5678,NOWHERE",
    ].join('\n');
    const created = await upload(admin, 'kind=customers&mode=good_rows&language=en', 'formula.csv', file);
    expect(await finished(created.body.id)).toMatchObject({ status: 'succeeded', rowsRejected: 1 });

    const page = await call(app, 'GET', `/api/imports/${created.body.id}/rejections`, { token: admin });
    expect(page.body.items[0].raw).toBe("=cmd|' /C calc'!A0,320*** ******** 1234,张伟,+86 138 **** 5678,NOWHERE");

    const csv = String((await call(app, 'GET', `/api/imports/${created.body.id}/rejections.csv`, { token: admin })).body);
    const [, row] = csv.split('\r\n');
    // The raw line would run as a formula in Excel or WPS: the leading quote keeps it text.
    expect(row).toBe(`2,unknown org unit code NOWHERE,"'=cmd|' /C calc'!A0,320*** ******** 1234,张伟,+86 138 **** 5678,NOWHERE"`);
    expect(csv).not.toContain('1234 5678');
  });

  it('imports policies with Chinese headers referencing those customers, then their claims', async () => {
    const policies = await upload(admin, 'kind=policies', 'policies.csv', fixture('policies.csv'));
    expect(policies.status).toBe(202);
    expect(await finished(policies.body.id)).toMatchObject({ status: 'succeeded', mode: 'all_or_nothing', rowsInserted: 4 });

    const claims = await upload(admin, 'kind=claims', 'claims.csv', fixture('claims.csv'));
    expect(await finished(claims.body.id)).toMatchObject({ status: 'succeeded', rowsInserted: 2 });
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const again = await upload(admin, 'kind=policies', 'policies.csv', fixture('policies.csv'));
    expect(await finished(again.body.id)).toMatchObject({ status: 'succeeded', rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 4 });
  });

  it("rejects in all_or_nothing mode a file with rows outside the importer's scope, writing nothing", async () => {
    const created = await upload(countyExecutor, 'kind=customers&language=en', 'customers.csv', fixture('customers.csv'));
    expect(created.status).toBe(202);
    const done = await finished(created.body.id, countyExecutor);
    expect(done).toMatchObject({ status: 'rejected', rowsRead: 5, rowsRejected: 3, rowsInserted: 0, rowsUnchanged: 0 });
    const rejections = await call(app, 'GET', `/api/imports/${created.body.id}/rejections?pageSize=2&page=2`, { token: countyExecutor });
    expect(rejections.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(rejections.body.items).toEqual([expect.objectContaining({ lineNo: 6 })]);
    const first = await call(app, 'GET', `/api/imports/${created.body.id}/rejections?pageSize=2`, { token: countyExecutor });
    expect(first.body.items.map((r: { reason: string }) => r.reason)).toEqual([
      'org unit COUNTY_A2 is outside your scope; unknown customer_no C0002 in your scope',
      'org unit COUNTY_B1 is outside your scope; unknown customer_no C0003 in your scope',
    ]);
  });

  it('lists the imports of the caller scope only; other units see a 404', async () => {
    const mine = await call(app, 'GET', '/api/imports', { token: countyExecutor });
    expect(mine.body.total).toBe(1);
    const all = await call(app, 'GET', '/api/imports?pageSize=2', { token: admin });
    expect(all.body).toMatchObject({ total: 6, pageSize: 2 });
    const provinceImport = all.body.items.find((i: { orgUnitId: number }) => i.orgUnitId !== mine.body.items[0].orgUnitId);
    expect((await call(app, 'GET', `/api/imports/${provinceImport.id}`, { token: countyExecutor })).status).toBe(404);
    expect((await call(app, 'GET', `/api/imports/${provinceImport.id}/rejections`, { token: countyExecutor })).status).toBe(404);
  });

  it('refuses with 400 a file whose header does not fit, a missing kind, and a request without a file', async () => {
    const badHeader = await call(app, 'POST', '/api/imports?kind=claims', {
      token: admin,
      rawBody: multipart('claims.csv', 'claim_no,colour\nX,Y\n'),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': 'en' },
    });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body).toMatchObject({ code: 'import_header_does_not_fit', message: 'The header row does not fit a claims file' });
    expect(badHeader.body.details.map((d: { problem: string }) => d.problem)).toContain('unknown column "colour" (position 2)');
    // A request that names no language is answered in Chinese, the product's default.
    const inChinese = await upload(admin, 'kind=claims', 'claims.csv', 'claim_no,colour\nX,Y\n');
    expect(inChinese.body.message).toBe('表头不符合赔案文件的格式');
    expect(inChinese.body.details.map((d: { problem: string }) => d.problem)).toContain('未知列“colour”（第 2 列）');
    const badLanguage = await upload(admin, 'kind=claims&language=fr', 'claims.csv', fixture('claims.csv'));
    expect(badLanguage.status).toBe(400);
    expect(badLanguage.body.details[0].field).toBe('language');

    const noKind = await upload(admin, 'mode=good_rows', 'claims.csv', fixture('claims.csv'));
    expect(noKind.status).toBe(400);
    expect(noKind.body.details[0].field).toBe('kind');

    const wrongField = await upload(admin, 'kind=claims', 'claims.csv', fixture('claims.csv'), 'upload');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.details[0].field).toBe('file');

    expect((await call(app, 'GET', '/api/imports/not-a-uuid', { token: admin })).status).toBe(400);
  });

  it('gives 403 to a role that may not import', async () => {
    const answer = await upload(analyst, 'kind=customers', 'customers.csv', fixture('customers.csv'));
    expect(answer.status).toBe(403);
  });

  it('imports a GBK file as Excel saves it, Chinese header and names intact, and shows the encoding', async () => {
    const file = gb18030('客户号,姓名,手机号,机构代码\nGBK001,郑卢,+86 139 1234 5678,COUNTY_A1\nGBK002,欧阳娜娜,139-1234-5679,COUNTY_A1\n');
    const created = await upload(admin, 'kind=customers', 'gbk.csv', file);
    expect(created.status).toBe(202);
    expect(created.body.encoding).toBe('gb18030');
    expect(await finished(created.body.id)).toMatchObject({ status: 'succeeded', encoding: 'gb18030', rowsInserted: 2 });
    const stored = await db.query(`SELECT name, mobile FROM customers WHERE customer_no LIKE 'GBK%' ORDER BY customer_no`);
    expect(stored).toEqual([
      { name: '郑卢', mobile: '13912345678' },
      { name: '欧阳娜娜', mobile: '13912345679' },
    ]);
  });

  it('refuses with 400 a file that is not text, and a header with a bare CR, saying what is wrong in the reader\'s language', async () => {
    const workbook = await upload(admin, 'kind=customers', 'customers.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), undefined, 'en');
    expect(workbook.status).toBe(400);
    expect(workbook.body).toMatchObject({ code: 'import_file_not_text', message: 'The file cannot be read as CSV text' });
    expect(workbook.body.details[0]).toMatchObject({ field: 'file', code: 'import_file_problem' });
    expect(workbook.body.details[0].problem).toMatch(/^The file is not text but a ZIP archive \(an \.xlsx workbook is one\)\. Open it in Excel or WPS/);

    const inChinese = await upload(admin, 'kind=customers', 'customers.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(inChinese.body.details[0].problem).toMatch(/^该文件不是文本文件，而是 ZIP 压缩包/);

    const oldMac = await upload(admin, 'kind=customers', 'mac.csv', 'customer_no,name,org_unit_code\rC1,张三,PROV\r', undefined, 'en');
    expect(oldMac.status).toBe(400);
    expect(oldMac.body.code).toBe('import_header_does_not_fit');
    expect(oldMac.body.details[0].problem).toMatch(/^The header line holds a carriage return \(CR\) without a line feed/);

    const openQuote = await upload(admin, 'kind=customers', 'quote.csv', '"customer_no,name,org_unit_code\nC1,张三,PROV\n', undefined, 'en');
    expect(openQuote.status).toBe(400);
    expect(openQuote.body.details[0].problem).toBe('A quote in the header line is never closed. Correct the column names and upload the file again');
  });

  it('lets the uploader run a failed import again with the file it kept; nobody else, and not an import that finished', async () => {
    const created = await upload(provinceExecutor, 'kind=customers', 'open-quote.csv', 'customer_no,name,org_unit_code\nC9,"' + 'x'.repeat(1_100_000) + '\n');
    expect((await finished(created.body.id, provinceExecutor)).status).toBe('failed');
    // The file is at fault, so the queue does not retry it (it would fail the same way), and waits for a rerun instead.
    const queued = await app.get(JobQueue).queue(JobName.ImportCsv).getJob(`import-${created.body.id}`);
    await expect(eventually(async () => ((await queued!.getState()) === 'failed' ? 'failed' : undefined))).resolves.toBe('failed');

    const byOther = await call(app, 'POST', `/api/imports/${created.body.id}/rerun`, { token: countyExecutor });
    expect(byOther.status).toBe(404);
    const byAnalyst = await call(app, 'POST', `/api/imports/${created.body.id}/rerun`, { token: analyst });
    expect(byAnalyst.status).toBe(403);

    const rerun = await call(app, 'POST', `/api/imports/${created.body.id}/rerun`, { token: provinceExecutor });
    expect(rerun.status).toBe(202);
    expect(rerun.body).toMatchObject({ status: 'queued', reruns: 1, error: null });
    // The same file fails the same way; its message says what to change.
    const again = await finished(created.body.id, provinceExecutor);
    expect(again).toMatchObject({ status: 'failed', reruns: 1 });
    expect(again.error).toContain('是否有引号未闭合');

    const succeeded = await upload(provinceExecutor, 'kind=customers', 'ok.csv', 'customer_no,name,org_unit_code\nRR1,张三,PROV\n');
    await finished(succeeded.body.id, provinceExecutor);
    const notFailed = await call(app, 'POST', `/api/imports/${succeeded.body.id}/rerun`, { token: provinceExecutor });
    expect(notFailed.status).toBe(409);
    expect(notFailed.body).toMatchObject({ code: 'import_not_rerunnable', message: '只有失败的导入可以重新运行（该导入为已完成状态）' });
  });
});
