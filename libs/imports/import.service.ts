import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, Repository } from 'typeorm';
import { AuthUser, OrgScope } from '@lib/auth';
import { csvStream, NotFoundError, Page, PageQuery, ValidationError } from '@lib/common';
import { maskNumbersInText } from '@lib/customers';
import { AppConfig } from '@lib/config';
import { JobName, JobQueue } from '@lib/queue';
import { CsvImporter } from './csv-importer.service';
import { readHeader } from './csv-record-stream';
import { ImportKind, ImportMode, mapHeader } from './import-columns';
import type { ImportRejectionView, ImportView } from './import.view';
import { IMPORT_KIND_NAMES, IMPORT_MESSAGES, ImportFileError, ImportLanguage, ImportMessages } from './import-messages';
import { ImportJob, ImportStatus } from './import-job.entity';

export interface NewImport {
  kind: ImportKind;
  mode: ImportMode;
  language: ImportLanguage;
  fileName: string;
}

/** Rows of the rejections CSV read from the database at a time. */
const CSV_BATCH_ROWS = 5000;

/**
 * Every role of the scope reads rejected rows, and they are not the single customer
 * view: mobile and id numbers in them, however written, show only their ends.
 */
function masked(rejection: ImportRejectionView): ImportRejectionView {
  return { lineNo: rejection.lineNo, reason: maskNumbersInText(rejection.reason), raw: maskNumbersInText(rejection.raw) };
}

/** Who asked for an import: rows are checked against this user's org scope. */
export interface ImportOwner {
  userId: number;
  orgUnitId: number;
}

/** CSV imports: accepting a file, queueing it, running it in the worker, and reporting on it. */
@Injectable()
export class ImportService {
  constructor(
    @InjectRepository(ImportJob) private readonly jobs: Repository<ImportJob>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly importer: CsvImporter,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores an uploaded file under UPLOAD_DIR (streamed, never held in memory), checks
   * its header, and queues its import. A header that does not fit the kind is a 400.
   */
  async create(user: AuthUser, input: NewImport, file: Readable): Promise<ImportView> {
    const id = randomUUID();
    const dir = resolve(this.config.UPLOAD_DIR);
    await mkdir(dir, { recursive: true });
    const storedPath = join(dir, `${id}.csv`);
    try {
      await pipeline(file, createWriteStream(storedPath));
      const header = await readHeader(storedPath);
      const { problems } = mapHeader(input.kind, header, IMPORT_MESSAGES[ImportLanguage.Chinese]);
      if (problems.length > 0) {
        // The import's own sentences, in both languages, so that the answer follows the request's language.
        const english = mapHeader(input.kind, header, IMPORT_MESSAGES[ImportLanguage.English]).problems;
        throw new ValidationError(
          problems.map((zh, index) => ({ field: 'file', code: 'import_header_problem', params: { problem: { zh, en: english[index] } } })),
          IMPORT_MESSAGES[ImportLanguage.English].headerDoesNotFit(input.kind),
          'import_header_does_not_fit',
          { kind: IMPORT_KIND_NAMES[input.kind] },
        );
      }
    } catch (err) {
      await rm(storedPath, { force: true });
      throw err;
    }
    const job = await this.register(id, input, storedPath, { userId: user.id, orgUnitId: user.orgUnitId });
    await this.queue.add(JobName.ImportCsv, { importId: id }, `import-${id}`);
    return toView(job);
  }

  /** Records an import of a file already on disk (the worker or a benchmark runs it). */
  async register(id: string, input: NewImport, storedPath: string, owner: ImportOwner): Promise<ImportJob> {
    const { size } = await stat(storedPath);
    return this.jobs.save(
      this.jobs.create({
        id,
        ...input,
        storedPath,
        fileSize: size,
        status: ImportStatus.Queued,
        createdBy: owner.userId,
        orgUnitId: owner.orgUnitId,
      }),
    );
  }

  /**
   * Runs a queued import. Safe to run twice: a finished import is left alone, and an
   * interrupted one starts over (its transaction never committed, so nothing of it remains).
   */
  async run(importId: string): Promise<ImportStatus | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const [claimed]: [{ stored_path: string; kind: ImportKind; mode: ImportMode; language: ImportLanguage; path: string }[], number] =
      await this.dataSource.query(
      `UPDATE import_jobs j SET status = 'running', started_at = now(), finished_at = NULL, error = NULL,
         rows_read = 0, rows_valid = 0, rows_rejected = 0, rows_inserted = 0, rows_updated = 0, rows_unchanged = 0
       FROM org_units u
       WHERE j.id = $1 AND u.id = j.org_unit_id AND j.status IN ('queued', 'running', 'failed')
       RETURNING j.stored_path, j.kind, j.mode, j.language, u.path`,
      [importId],
    );
    if (claimed.length === 0) return null;
    const [job] = claimed;
    await this.dataSource.query(`DELETE FROM import_rejections WHERE import_id = $1`, [importId]);
    try {
      const outcome = await this.importer.run(
        { importId, filePath: job.stored_path, kind: job.kind, mode: job.mode, language: job.language },
        new OrgScope(0, job.path),
      );
      // A finished import is never run again (see the claim above), so its upload is no longer needed.
      await rm(job.stored_path, { force: true });
      return outcome.status;
    } catch (err) {
      await this.jobs.update(importId, { status: ImportStatus.Failed, error: failureMessage(err, IMPORT_MESSAGES[job.language]), finishedAt: new Date() });
      throw err;
    }
  }

  async get(id: string, scope: OrgScope): Promise<ImportView> {
    const job = await this.jobs
      .createQueryBuilder('j')
      .where('j.id = :id', { id })
      .andWhere('j.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE :pattern)', { pattern: scope.pathPattern })
      .getOne();
    if (!job) throw new NotFoundError('import', id);
    return toView(job);
  }

  async list(scope: OrgScope, page: PageQuery): Promise<Page<ImportView>> {
    const [jobs, total] = await this.jobs
      .createQueryBuilder('j')
      .where('j.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE :pattern)', { pattern: scope.pathPattern })
      .orderBy('j.created_at', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items: jobs.map(toView), total, page: page.page, pageSize: page.pageSize };
  }

  async rejections(id: string, scope: OrgScope, page: PageQuery): Promise<Page<ImportRejectionView>> {
    const job = await this.get(id, scope);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT line_no AS "lineNo", reason, raw FROM import_rejections WHERE import_id = $1 ORDER BY line_no LIMIT $2 OFFSET $3`,
        [job.id, page.pageSize, (page.page - 1) * page.pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM import_rejections WHERE import_id = $1`, [job.id]),
    ]);
    return { items: items.map(masked), total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * Every rejection of an import as CSV (line_no, reason, raw), read in batches as the
   * download goes, with a byte order mark so that Excel and WPS read the Chinese reasons as UTF-8.
   */
  async rejectionsCsv(id: string, scope: OrgScope): Promise<Readable> {
    const job = await this.get(id, scope);
    const dataSource = this.dataSource;
    async function* rows() {
      let after = 0;
      for (;;) {
        const batch: ImportRejectionView[] = await dataSource.query(
          `SELECT line_no AS "lineNo", reason, raw FROM import_rejections WHERE import_id = $1 AND line_no > $2 ORDER BY line_no LIMIT $3`,
          [job.id, after, CSV_BATCH_ROWS],
        );
        for (const rejection of batch.map(masked)) yield [rejection.lineNo, rejection.reason, rejection.raw];
        if (batch.length < CSV_BATCH_ROWS) return;
        after = batch[batch.length - 1].lineNo;
      }
    }
    return csvStream(rows(), { header: ['line_no', 'reason', 'raw'], bom: true });
  }
}

function toView(job: ImportJob): ImportView {
  const { storedPath, ...view } = job;
  return view;
}

/**
 * What the importer is told when an import fails: what is wrong with the file (our
 * own words, or PostgreSQL's for its data exceptions, class 22: a byte that is not
 * UTF-8), otherwise a generic text, since other messages can show server internals.
 */
function failureMessage(err: { code?: string; message?: string }, messages: ImportMessages): string {
  if (err instanceof ImportFileError) return err.message;
  if (typeof err?.code === 'string' && err.code.startsWith('22')) return String(err.message);
  const errorId = randomUUID();
  new Logger('Imports').error({ errorId, err }, `Import failed (${errorId})`);
  return messages.failedOnOurSide(errorId);
}
