import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ImportService } from '@lib/imports';
import { createFixtureOrg, createUser, resetState } from './support/fixtures';
import { startApi } from './support/test-app';

const HEADER = 'customer_no,name,org_unit_code\n';

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

  it('removes the upload once the import has finished, and keeps it after a failure for a rerun', async () => {
    const good = join(dir, 'good.csv');
    await writeFile(good, HEADER + 'C1,张三,PROV\n');
    await expect(app.get(ImportService).run(await queueImportOf(good))).resolves.toBe('succeeded');
    await expect(access(good)).rejects.toThrow();

    const latin1 = join(dir, 'kept.csv');
    await writeFile(latin1, Buffer.concat([Buffer.from(HEADER), Buffer.from('C2,M\xfcller,PROV\n', 'latin1')]));
    await runImportOf(latin1);
    await expect(access(latin1)).resolves.toBeUndefined();
  });

  it('names the problem when the file itself is bad (not UTF-8)', async () => {
    const path = join(dir, 'latin1.csv');
    await writeFile(path, Buffer.concat([Buffer.from(HEADER), Buffer.from('C1,M\xfcller,PROV\n', 'latin1')]));
    const job = await runImportOf(path);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/UTF8/i);
  });

  it('names the line where a record grows past 1 MB (a quote left open)', async () => {
    const path = join(dir, 'open-quote.csv');
    await writeFile(path, HEADER + 'C1,张三,PROV\n' + 'C2,"' + 'x'.repeat(1_200_000) + '\n');
    const job = await runImportOf(path);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('line 3: a record longer than 1 MB (is a quote left open?)');
  });

  it('gives a general message with an error id when the failure is ours', async () => {
    const job = await runImportOf(join(dir, 'vanished.csv'));
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^The import failed on our side \(error [0-9a-f-]{36}\)/);
    expect(job.error).not.toContain(dir);
  });
});
