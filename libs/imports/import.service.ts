import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, Repository } from 'typeorm';
import { AuthUser, OrgScope, Role } from '@lib/auth';
import { ConflictError, csvStream, ErrorCode, ErrorParams, ForbiddenError, Language, LocalText, NotFoundError, Page, PageQuery, ValidationError } from '@lib/common';
import { maskNumbersInText } from '@lib/customers';
import { AppConfig } from '@lib/config';
import { JobName, JobQueue } from '@lib/queue';
import { CsvImporter } from './csv-importer.service';
import { readHeader } from './csv-record-stream';
import { ImportKind, ImportMode, mapHeader } from './import-columns';
import type { ImportRejectionView, ImportView } from './import.view';
import { IMPORT_KIND_NAMES, IMPORT_MESSAGES, IMPORT_STATUS_NAMES, ImportFileError, ImportLanguage, ImportMessages, inBothLanguages } from './import-messages';
import { ImportJob, ImportStatus } from './import-job.entity';
import { detectFileEncoding, EncodingSniffer, TextEncoding } from './text-encoding';

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
   * Stores an uploaded file under UPLOAD_DIR (streamed, never held in memory), decides
   * its encoding from every byte on the way, checks its header, and queues its import.
   * A file that is not text, or a header that does not fit the kind, is a 400.
   */
  async create(user: AuthUser, input: NewImport, file: Readable): Promise<ImportView> {
    const id = randomUUID();
    let encoding: TextEncoding;
    const dir = resolve(this.config.UPLOAD_DIR);
    await mkdir(dir, { recursive: true });
    const storedPath = join(dir, `${id}.csv`);
    try {
      const sniffer = new EncodingSniffer();
      await pipeline(file, sniffer, createWriteStream(storedPath));
      const verdict = sniffer.verdict();
      if (verdict.unreadable) {
        throw fileRefusal('import_file_not_text', 'import_file_problem', (messages) => messages.unreadableFile(verdict.unreadable));
      }
      encoding = verdict.encoding;
      const reading = await readHeader(storedPath, encoding);
      if (reading.unreadable) {
        throw fileRefusal('import_header_does_not_fit', 'import_header_problem', (messages) => messages[reading.unreadable], {
          kind: IMPORT_KIND_NAMES[input.kind],
        });
      }
      const header = reading.fields;
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
    const job = await this.register(id, input, storedPath, { userId: user.id, orgUnitId: user.orgUnitId }, encoding);
    await this.queue.add(JobName.ImportCsv, { importId: id }, `import-${id}`);
    return toView(job);
  }

  /**
   * Records an import of a file already on disk (the worker or a benchmark runs it);
   * without an encoding, the run detects it from the whole file first.
   */
  async register(id: string, input: NewImport, storedPath: string, owner: ImportOwner, encoding: TextEncoding | null = null): Promise<ImportJob> {
    const { size } = await stat(storedPath);
    return this.jobs.save(
      this.jobs.create({
        id,
        ...input,
        storedPath,
        fileSize: size,
        encoding,
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
    const [claimed]: [
      { stored_path: string; kind: ImportKind; mode: ImportMode; language: ImportLanguage; encoding: TextEncoding | null; path: string }[],
      number,
    ] =
      await this.dataSource.query(
      `UPDATE import_jobs j SET status = 'running', started_at = now(), finished_at = NULL, error = NULL,
         rows_read = 0, rows_valid = 0, rows_rejected = 0, rows_inserted = 0, rows_updated = 0, rows_unchanged = 0
       FROM org_units u
       WHERE j.id = $1 AND u.id = j.org_unit_id AND j.status IN ('queued', 'running', 'failed')
       RETURNING j.stored_path, j.kind, j.mode, j.language, j.encoding, u.path`,
      [importId],
    );
    if (claimed.length === 0) return null;
    const [job] = claimed;
    await this.dataSource.query(`DELETE FROM import_rejections WHERE import_id = $1`, [importId]);
    try {
      let encoding = job.encoding;
      if (!encoding) {
        const verdict = await detectFileEncoding(job.stored_path);
        if (verdict.unreadable) {
          const texts = inBothLanguages((messages) => messages.unreadableFile(verdict.unreadable));
          await this.jobs.update(importId, { status: ImportStatus.Rejected, error: texts[job.language], errorTexts: texts, finishedAt: new Date() });
          await rm(job.stored_path, { force: true });
          return ImportStatus.Rejected;
        }
        encoding = verdict.encoding;
        await this.jobs.update(importId, { encoding });
      }
      const outcome = await this.importer.run(
        { importId, filePath: job.stored_path, encoding, kind: job.kind, mode: job.mode, language: job.language },
        new OrgScope(0, job.path),
      );
      // A finished import is never run again (see the claim above), so its upload is no longer needed.
      await rm(job.stored_path, { force: true });
      return outcome.status;
    } catch (err) {
      const texts = failureTexts(err);
      await this.jobs.update(importId, { status: ImportStatus.Failed, error: texts[job.language], errorTexts: texts, finishedAt: new Date() });
      throw err;
    }
  }

  /**
   * Queues a failed import again, with the file it kept: for a failure on our side, or
   * one that has since been put right (a deadlock, a product added to the catalogue).
   * Its uploader, or an admin of the scope, may do so.
   */
  async rerun(user: AuthUser, id: string): Promise<ImportView> {
    const job = await this.get(id, user.scope);
    if (job.createdBy !== user.id && !user.roles.includes(Role.Admin)) {
      throw new ForbiddenError('Only the uploader or an admin may run an import again', 'import_rerun_not_uploader');
    }
    if (job.status !== ImportStatus.Failed) {
      throw new ConflictError(`Only a failed import can be run again; this one is ${job.status}`, 'import_not_rerunnable', { status: IMPORT_STATUS_NAMES[job.status] });
    }
    const { storedPath } = await this.jobs.findOneByOrFail({ id });
    if (!(await stat(storedPath).catch(() => null))) {
      throw new ConflictError("The import's file is no longer kept; upload it again", 'import_file_gone');
    }
    // Only one of two clicks finds the import still failed, so it is queued once.
    const [rows]: [{ reruns: number }[], number] = await this.dataSource.query(
      `UPDATE import_jobs SET status = 'queued', error = NULL, finished_at = NULL, reruns = reruns + 1
       WHERE id = $1 AND status = 'failed' RETURNING reruns`,
      [id],
    );
    if (rows.length === 0) {
      throw new ConflictError('The import is already being run again', 'import_not_rerunnable', { status: IMPORT_STATUS_NAMES.queued });
    }
    await this.queue.add(JobName.ImportCsv, { importId: id }, `import-${id}-rerun-${rows[0].reruns}`);
    // As queued: reading it back could already find the worker running it.
    return { ...job, status: ImportStatus.Queued, error: null, finishedAt: null, reruns: rows[0].reruns };
  }

  /** An import; its outcome in `language` where given (the reader's), else in the import's own. */
  async get(id: string, scope: OrgScope, language?: Language): Promise<ImportView> {
    const job = await this.jobs
      .createQueryBuilder('j')
      .where('j.id = :id', { id })
      .andWhere('j.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE :pattern)', { pattern: scope.pathPattern })
      .getOne();
    if (!job) throw new NotFoundError('import', id);
    return toView(job, language);
  }

  async list(scope: OrgScope, page: PageQuery, language?: Language): Promise<Page<ImportView>> {
    const [jobs, total] = await this.jobs
      .createQueryBuilder('j')
      .where('j.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE :pattern)', { pattern: scope.pathPattern })
      .orderBy('j.created_at', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items: jobs.map((job) => toView(job, language)), total, page: page.page, pageSize: page.pageSize };
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

function toView(job: ImportJob, language?: Language): ImportView {
  const { storedPath, errorTexts, ...view } = job;
  return { ...view, error: (language && errorTexts?.[language]) || job.error };
}

/** A 400 about the uploaded file, its problem (`problemCode`) in the import's words in both languages. */
function fileRefusal(
  code: ErrorCode,
  problemCode: ErrorCode,
  problem: (messages: ImportMessages) => string,
  params: ErrorParams = {},
): ValidationError {
  const english = problem(IMPORT_MESSAGES[ImportLanguage.English]);
  const text = { zh: problem(IMPORT_MESSAGES[ImportLanguage.Chinese]), en: english };
  return new ValidationError([{ field: 'file', code: problemCode, params: { problem: text } }], english, code, params);
}

/**
 * What the importer is told when an import fails, in both languages: what is wrong with the file (our
 * own words, or PostgreSQL's for its data exceptions, class 22, with what to do),
 * otherwise a generic text, since other messages can show server internals.
 */
function failureTexts(err: { code?: string; message?: string }): LocalText {
  if (err instanceof ImportFileError) return err.texts;
  if (isFaultOfTheFile(err)) return inBothLanguages((messages) => messages.fileProblem(String(err.message)));
  const errorId = randomUUID();
  new Logger('Imports').error({ errorId, err }, `Import failed (${errorId})`);
  return inBothLanguages((messages) => messages.failedOnOurSide(errorId));
}

/**
 * Whether an import failed because of its file (our own checks, or a data exception of
 * PostgreSQL, class 22): running it again with the same file fails the same way.
 */
export function isFaultOfTheFile(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof ImportFileError || (typeof code === 'string' && code.startsWith('22'));
}
