import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LOCAL_TIME_ZONE } from '@lib/common';
import { JOB_OPTIONS, JobName, JobQueue } from '@lib/queue';

/** The daily sweep, 03:30 Beijing time, after the nightly value tiers. */
export const SWEEP_SCHEDULER_ID = 'attribution-sweep';
const SWEEP_PATTERN = '30 3 * * *';
/** Two days back: a day between sweeps, and a day for transactions that committed long after they began (updated_at is their start). */
const SWEEP_HOURS = 48;

/** When attribution runs in the worker: after each policies import, and daily as the safety net. */
@Injectable()
export class AttributionJobs {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Queues the attribution of a finished import's policies; nothing for other kinds,
   * for imports that wrote no row, or twice for one import (the job id names it).
   */
  async queueForImport(importId: string): Promise<boolean> {
    const [job] = await this.dataSource.query(
      `SELECT 1 FROM import_jobs WHERE id = $1 AND kind = 'policies' AND status = 'succeeded' AND rows_inserted + rows_updated > 0`,
      [importId],
    );
    if (!job) return false;
    await this.jobs.add(JobName.AttributeConversions, { importId }, `attribute-conversions-import-${importId}`);
    return true;
  }

  /** The daily sweep, for policies written outside imports (a form, a script). */
  async scheduleSweep(): Promise<void> {
    await this.jobs
      .queue(JobName.AttributeConversions)
      .upsertJobScheduler(
        SWEEP_SCHEDULER_ID,
        { pattern: SWEEP_PATTERN, tz: LOCAL_TIME_ZONE },
        { name: JobName.AttributeConversions, data: { changedSinceHours: SWEEP_HOURS }, opts: JOB_OPTIONS[JobName.AttributeConversions] },
      );
  }
}
