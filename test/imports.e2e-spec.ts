import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFixtureOrg, createProducts, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, eventually, HttpAnswer, login, startApi, startWorker } from './support/test-app';

const BOUNDARY = '----import-test-boundary';

/** A multipart/form-data body with one file field. */
function multipart(fileName: string, content: string, field = 'file'): string {
  return [
    `--${BOUNDARY}`,
    `Content-Disposition: form-data; name="${field}"; filename="${fileName}"`,
    'Content-Type: text/csv',
    '',
    content,
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n');
}

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'imports', name), 'utf8');

describe('CSV imports over HTTP', () => {
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let admin: string;
  let countyExecutor: string;
  let analyst: string;

  beforeAll(async () => {
    app = await startApi();
    worker = await startWorker();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'import.admin', org.province, ['admin']);
    await createUser(db, 'import.county', org.countyA1, ['branch_executor']);
    await createUser(db, 'import.analyst', org.province, ['analyst']);
    admin = await login(app, 'import.admin', FIXTURE_PASSWORD);
    countyExecutor = await login(app, 'import.county', FIXTURE_PASSWORD);
    analyst = await login(app, 'import.analyst', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  function upload(token: string, query: string, fileName: string, content: string, field?: string): Promise<HttpAnswer> {
    return call(app, 'POST', `/api/imports?${query}`, {
      token,
      rawBody: multipart(fileName, content, field),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
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
});
