import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalText } from '@lib/common';
import { ImportLanguage } from './import-messages';
import { ImportKind, ImportMode } from './import-columns';
import { TextEncoding } from './text-encoding';

export enum ImportStatus {
  Queued = 'queued',
  Running = 'running',
  Succeeded = 'succeeded',
  /** The file was refused: a bad header, or bad rows in all_or_nothing mode. */
  Rejected = 'rejected',
  Failed = 'failed',
}

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/** One uploaded CSV file and what its import did. */
@Entity('import_jobs')
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  kind: ImportKind;

  @Column({ type: 'varchar' })
  mode: ImportMode;

  /** The language of the report: rejected rows' reasons and the outcome's message. */
  @Column({ type: 'varchar' })
  language: ImportLanguage;

  @Column({ type: 'varchar' })
  status: ImportStatus;

  @Column({ name: 'file_name' })
  fileName: string;

  @Column({ name: 'stored_path' })
  storedPath: string;

  @Column({ name: 'file_size', type: 'bigint', transformer: bigintAsNumber })
  fileSize: number;

  /** The encoding the file was read in (converted to UTF-8 on the way in); null until it is known. */
  @Column({ type: 'varchar', nullable: true })
  encoding: TextEncoding | null;

  /** How many times the uploader ran the import again after it failed. */
  @Column({ default: 0 })
  reruns: number;

  @Column({ name: 'rows_read', default: 0 })
  rowsRead: number;

  @Column({ name: 'rows_valid', default: 0 })
  rowsValid: number;

  @Column({ name: 'rows_rejected', default: 0 })
  rowsRejected: number;

  @Column({ name: 'rows_inserted', default: 0 })
  rowsInserted: number;

  @Column({ name: 'rows_updated', default: 0 })
  rowsUpdated: number;

  @Column({ name: 'rows_unchanged', default: 0 })
  rowsUnchanged: number;

  /** The outcome in the import's language. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The outcome in both languages, for readers of the other one. */
  @Column({ name: 'error_texts', type: 'jsonb', nullable: true })
  errorTexts: LocalText | null;

  @Column({ name: 'created_by' })
  createdBy: number;

  @Column({ name: 'org_unit_id' })
  orgUnitId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
