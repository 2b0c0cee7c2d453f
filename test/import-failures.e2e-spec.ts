import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isUtf8 } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ImportService } from '@lib/imports';
import { createFixtureOrg, createUser, resetState } from './support/fixtures';
import { startApi } from './support/test-app';

const HEADER = 'customer_no,name,org_unit_code\n';

/** Real GB18030 bytes of a text, as Excel on Chinese Windows saves CSV (the system's iconv encodes). */
const gb18030 = (text: string): Buffer => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });

/** What an importer reads when an import fails: the file's fault in PostgreSQL's words, ours in general words. */
describe('Failed imports', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let userId: number;
  let unitId: number;
  let dir: string;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    const org = await createFixtureOrg(db);
    unitId = org.province;
    userId = await createUser(db, 'importer', org.province, ['admin']);
    dir = await mkdtemp(join(tmpdir(), 'import-failures-'));
  });

  afterAll(async () => {
    await app.close();
  });

  async function queueImportOf(path: string): Promise<string> {
    const [{ id }] = await db.query(
      `INSERT INTO import_jobs (kind, mode, language, status, file_name, stored_path, file_size, created_by, org_unit_id)
       VALUES ('customers', 'all_or_nothing', 'en', 'queued', 'customers.csv', $1, 1, $2, $3) RETURNING id`,
      [path, userId, unitId],
    );
    return id;
  }

  async function runImportOf(path: string): Promise<{ status: string; error: string }> {
    const id = await queueImportOf(path);
    await expect(app.get(ImportService).run(id)).rejects.toThrow();
    const [job] = await db.query('SELECT status, error FROM import_jobs WHERE id = $1', [id]);
    return job;
  }

  /** Runs an import to its end; answers its status, error, encoding and the rejected rows' reasons. */
  async function finishImportOf(path: string) {
    const id = await queueImportOf(path);
    const status = await app.get(ImportService).run(id);
    const [job] = await db.query('SELECT status, error, encoding FROM import_jobs WHERE id = $1', [id]);
    const rejections = await db.query('SELECT line_no, reason FROM import_rejections WHERE import_id = $1 ORDER BY line_no', [id]);
    return { status, job, reasons: Object.fromEntries(rejections.map((r: { line_no: number; reason: string }) => [r.line_no, r.reason])) };
  }

  it('removes the upload once the import has finished, and keeps it after a failure for a rerun', async () => {
    const good = join(dir, 'good.csv');
    await writeFile(good, HEADER + 'C1,张三,PROV\n');
    await expect(app.get(ImportService).run(await queueImportOf(good))).resolves.toBe('succeeded');
    await expect(access(good)).rejects.toThrow();

    const failing = join(dir, 'kept.csv');
    await writeFile(failing, HEADER + 'C2,"' + 'x'.repeat(1_200_000) + '\n');
    await runImportOf(failing);
    await expect(access(failing)).resolves.toBeUndefined();
  });

  it('imports a GBK file with its Chinese header, also one whose bytes happen to be valid UTF-8, and records the encoding', async () => {
    const chinese = join(dir, 'gbk.csv');
    await writeFile(chinese, gb18030('客户号,姓名,机构代码\nGB1,张伟,PROV\nGB2,欧阳娜娜,PROV\n'));
    await expect(finishImportOf(chinese)).resolves.toMatchObject({ status: 'succeeded', job: { encoding: 'gb18030', error: null } });

    // 郑, 谢, 卢, 叶 and 毛 in GBK are also valid UTF-8 (Cyrillic, Greek and Latin letters).
    const lookalike = join(dir, 'gbk-valid-utf8.csv');
    const bytes = gb18030(HEADER + 'GB3,郑谢,PROV\nGB4,卢叶,PROV\nGB5,毛,PROV\n');
    expect(isUtf8(bytes)).toBe(true);
    await writeFile(lookalike, bytes);
    await expect(finishImportOf(lookalike)).resolves.toMatchObject({ status: 'succeeded', job: { encoding: 'gb18030' } });

    const names = await db.query(`SELECT name FROM customers WHERE customer_no LIKE 'GB%' ORDER BY customer_no`);
    expect(names.map((row: { name: string }) => row.name)).toEqual(['张伟', '欧阳娜娜', '郑谢', '卢叶', '毛']);
  });

  it('refuses a file that is neither UTF-8 nor GB18030, or not text at all, saying how to save it', async () => {
    const latin1 = join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.concat([Buffer.from(HEADER), Buffer.from('C1,M\xfcller,PROV\n', 'latin1')]));
    const refused = await finishImportOf(latin1);
    expect(refused).toMatchObject({ status: 'rejected', job: { encoding: null } });
    expect(refused.job.error).toBe(
      'The file is text in neither UTF-8 nor GB18030/GBK, the encodings an import reads. Open it in Excel or WPS, choose Save As → "CSV UTF-8 (Comma delimited)", and upload that file',
    );
    await expect(access(latin1)).rejects.toThrow();

    const workbook = join(dir, 'customers.xlsx');
    await writeFile(workbook, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]));
    expect((await finishImportOf(workbook)).job.error).toMatch(/^The file is not text but a ZIP archive \(an \.xlsx workbook is one\)/);
  });

  it('refuses a header line with a bare carriage return or an unclosed quote, and rejects a row with a bare carriage return', async () => {
    const oldMac = join(dir, 'old-mac.csv');
    await writeFile(oldMac, 'customer_no,name,org_unit_code\rC1,张三,PROV\r');
    const bareCr = await finishImportOf(oldMac);
    expect(bareCr).toMatchObject({ status: 'rejected' });
    expect(bareCr.job.error).toMatch(/^The header line holds a carriage return \(CR\) without a line feed/);

    const openQuote = join(dir, 'open-quote-header.csv');
    await writeFile(openQuote, '"customer_no,name,org_unit_code\nC1,张三,PROV\n');
    const unclosed = await finishImportOf(openQuote);
    expect(unclosed).toMatchObject({ status: 'rejected' });
    expect(unclosed.job.error).toMatch(/^A quote in the header line is never closed/);

    const row = join(dir, 'bare-cr-row.csv');
    await writeFile(row, HEADER + 'C1,张\r三,PROV\nC2,李四,PROV\n');
    await expect(finishImportOf(row)).resolves.toMatchObject({
      status: 'rejected',
      reasons: { 2: 'a carriage return (CR) without a line feed inside the row; quote the field or save the file with CRLF or LF line ends' },
    });
  });

  it('names the line where a record grows past 1 MB (a quote left open)', async () => {
    const path = join(dir, 'open-quote.csv');
    await writeFile(path, HEADER + 'C1,张三,PROV\n' + 'C2,"' + 'x'.repeat(1_200_000) + '\n');
    const job = await runImportOf(path);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('line 3: a record longer than 1 MB (is a quote left open?); correct the file and upload it again');
  });

  it('gives a general message with an error id when the failure is ours', async () => {
    const job = await runImportOf(join(dir, 'vanished.csv'));
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^The import failed on our side \(error [0-9a-f-]{36}\)/);
    expect(job.error).not.toContain(dir);
  });
});
