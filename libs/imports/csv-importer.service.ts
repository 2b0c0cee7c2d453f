import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import type { LocalText } from '@lib/common';
import { allowBatchStatements, PgCopy } from '@lib/database';
import { ImportKind, ImportMode, mapHeader } from './import-columns';
import { ImportStatus } from './import-job.entity';
import { IMPORT_MESSAGES, ImportLanguage, ImportSentence, inBothLanguages } from './import-messages';
import { importSql } from './import-sql';
import { CsvRecordStream, readHeader } from './csv-record-stream';
import { TextEncoding, toUtf8 } from './text-encoding';

/** A connection or the data source: both run a statement with bound parameters. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface ImportRequest {
  /** The import_jobs row that receives progress, rejections and the outcome. */
  importId: string;
  filePath: string;
  /** The file's encoding, as detected from all of its bytes (GB18030 is converted to UTF-8 on the way to COPY). */
  encoding: TextEncoding;
  kind: ImportKind;
  mode: ImportMode;
  /** The language of the rejected rows' reasons and the outcome's message. */
  language: ImportLanguage;
  /** Told the number of rows read every 50,000 rows and at the end of the file. */
  onRowsRead?: (rowsRead: number) => void;
  /** Told how long each phase took (copy, analyze, wait, validate, rejections, merge), to see where the time goes. */
  onPhase?: (phase: string, milliseconds: number) => void;
}

export interface ImportOutcome {
  status: ImportStatus.Succeeded | ImportStatus.Rejected;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  /** In the import's language. */
  error: string | null;
  /** In both languages, for readers of the other one. */
  errorTexts: LocalText | null;
}

/**
 * Imports one CSV file: streams it through COPY into a temp staging table, finds the
 * bad rows in SQL, and upserts the good ones on the natural key, all in one
 * transaction, whose last statement records the outcome on the import_jobs row.
 * Progress (rows read, rows valid) is written beside it as it goes.
 */
@Injectable()
export class CsvImporter {
  constructor(
    private readonly pgCopy: PgCopy,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(request: ImportRequest, scope: OrgScope): Promise<ImportOutcome> {
    const messages = IMPORT_MESSAGES[request.language];
    const header = await readHeader(request.filePath, request.encoding);
    if (header.unreadable) {
      return this.record(this.dataSource, request.importId, {
        ...emptyOutcome(ImportStatus.Rejected),
        ...outcomeText(request.language, (said) => said[header.unreadable!]),
      });
    }
    const { columns, problems } = mapHeader(request.kind, header.fields, messages);
    if (problems.length > 0) {
      return this.record(this.dataSource, request.importId, {
        ...emptyOutcome(ImportStatus.Rejected),
        ...outcomeText(request.language, (said) => said.headerProblems(request.kind, mapHeader(request.kind, header.fields, said).problems)),
      });
    }
    const sql = importSql(request.kind, columns, messages);
    return this.pgCopy.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await allowBatchStatements(client);
        // The checks are wide expressions, so the planner's costs invite JIT, whose compile time (seconds) exceeds its gain.
        await client.query('SET LOCAL jit = off');
        // Hash joins and the duplicate check over millions of staged rows stay in memory instead of spilling to disk.
        await client.query(`SET LOCAL work_mem = '256MB'`);
        const outcome = await this.importRows(client, request, sql, columns.length, scope);
        await client.query('COMMIT');
        return outcome;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    });
  }

  private async importRows(
    client: PoolClient,
    request: ImportRequest,
    sql: ReturnType<typeof importSql>,
    fieldCount: number,
    scope: OrgScope,
  ): Promise<ImportOutcome> {
    const timed = phaseTimer(request.onPhase);
    await client.query(sql.createStaging);
    const rowsRead = await timed('copy', () => this.copyFile(client, request, sql.copy, fieldCount));
    await timed('analyze', () => client.query('ANALYZE import_staging'));

    // Imports check and merge one after the other: two files with rows in common would otherwise lock those
    // rows in opposite orders and deadlock, and each would check against rows the other is about to change.
    // One lock for every kind, not one per kind, because a policies import updates customers too (the holdings
    // trigger) and its checks read the customers a customers import writes. The copy above, most of the time,
    // still runs side by side.
    await timed('wait', () => client.query(`SELECT pg_advisory_xact_lock(hashtext('import-merge'))`));
    await timed('validate', () => client.query(sql.check, [scope.pathPattern]));
    const rejected = await timed('rejections', () => client.query(sql.reject, [request.importId]));
    const rowsRejected = rejected.rowCount ?? 0;
    const rowsValid = rowsRead - rowsRejected;
    await this.reportProgress(request.importId, { rowsValid });

    const outcome = { ...emptyOutcome(ImportStatus.Succeeded), rowsRead, rowsValid, rowsRejected };
    if (rowsRejected > 0 && request.mode === ImportMode.AllOrNothing) {
      return this.record(client, request.importId, {
        ...outcome,
        status: ImportStatus.Rejected,
        ...outcomeText(request.language, (said) => said.nothingImported(rowsRejected)),
      });
    }
    const [{ inserted, updated }] = (await timed('merge', () => client.query(sql.merge))).rows;
    return this.record(client, request.importId, {
      ...outcome,
      rowsInserted: inserted,
      rowsUpdated: updated,
      rowsUnchanged: rowsValid - inserted - updated,
    });
  }

  /** Streams the file into the staging table; returns the number of data rows read. */
  private async copyFile(client: PoolClient, request: ImportRequest, copySql: string, fieldCount: number): Promise<number> {
    let progress = Promise.resolve();
    const records = new CsvRecordStream(fieldCount, IMPORT_MESSAGES[request.language], (rowsRead) => {
      request.onRowsRead?.(rowsRead);
      progress = progress.then(() => this.reportProgress(request.importId, { rowsRead }));
    });
    await pipeline(
      createReadStream(request.filePath, { highWaterMark: 1 << 20 }),
      toUtf8(request.encoding),
      records,
      client.query(copyFrom(copySql)),
    );
    await progress;
    return records.rowsRead;
  }

  /**
   * Progress goes through another connection, so that it is visible while the import's
   * transaction is open; it is informative only, so a failed update does not stop the import.
   */
  private async reportProgress(importId: string, figures: { rowsRead?: number; rowsValid?: number }): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE import_jobs SET rows_read = GREATEST(rows_read, coalesce($2, rows_read)), rows_valid = coalesce($3, rows_valid) WHERE id = $1`,
        [importId, figures.rowsRead ?? null, figures.rowsValid ?? null],
      )
      .catch(() => undefined);
  }

  /** The outcome's last statement; the clock's time, since now() inside the transaction is the time it began. */
  private async record(db: Queryable, importId: string, outcome: ImportOutcome): Promise<ImportOutcome> {
    await db.query(
      `UPDATE import_jobs SET status = $2, rows_read = $3, rows_valid = $4, rows_rejected = $5, rows_inserted = $6,
         rows_updated = $7, rows_unchanged = $8, error = $9, error_texts = $10, finished_at = clock_timestamp()
       WHERE id = $1`,
      [
        importId,
        outcome.status,
        outcome.rowsRead,
        outcome.rowsValid,
        outcome.rowsRejected,
        outcome.rowsInserted,
        outcome.rowsUpdated,
        outcome.rowsUnchanged,
        outcome.error,
        outcome.errorTexts && JSON.stringify(outcome.errorTexts),
      ],
    );
    return outcome;
  }
}

/** Runs a phase and tells `onPhase` its duration. */
function phaseTimer(onPhase: ImportRequest['onPhase']) {
  return async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    onPhase?.(phase, performance.now() - started);
    return result;
  };
}

function emptyOutcome(status: ImportOutcome['status']): ImportOutcome {
  return { status, rowsRead: 0, rowsValid: 0, rowsRejected: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0, error: null, errorTexts: null };
}

/** An outcome's sentence in the import's language and in both. */
function outcomeText(language: ImportLanguage, say: ImportSentence): Pick<ImportOutcome, 'error' | 'errorTexts'> {
  const texts = inBothLanguages(say);
  return { error: texts[language], errorTexts: texts };
}
