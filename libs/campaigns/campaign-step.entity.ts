import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Fen } from '@lib/common/money';
import type { StepChannel } from './campaign-commitment';
import { fenColumn } from './fen-column';

/** One channel step of a revision: which channel, which template, when, at what cost and capacity, for which branches. */
@Entity('campaign_steps')
export class CampaignStep {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'revision_id', type: 'integer' })
  revisionId: number;

  /** Order of the step in the plan, from 1. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  channel: StepChannel;

  @Column({ name: 'template_ref', type: 'varchar', length: 100, nullable: true })
  templateRef: string | null;

  /** Days after the campaign start; or else `startDate`. */
  @Column({ name: 'start_offset_days', type: 'integer', nullable: true })
  startOffsetDays: number | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  /** ISO days of the week, 1 = Monday. */
  @Column({ name: 'days_of_week', type: 'smallint', array: true })
  daysOfWeek: number[];

  /** Local time 'HH:MM:SS'. */
  @Column({ name: 'window_start', type: 'time', nullable: true })
  windowStart: string | null;

  @Column({ name: 'window_end', type: 'time', nullable: true })
  windowEnd: string | null;

  @Column({ name: 'cost_per_contact', type: 'numeric', precision: 14, scale: 2, transformer: fenColumn })
  costPerContactFen: Fen;

  @Column({ name: 'daily_capacity', type: 'integer', nullable: true })
  dailyCapacity: number | null;

  @Column({ name: 'branch_ids', type: 'integer', array: true })
  branchIds: number[];
}
