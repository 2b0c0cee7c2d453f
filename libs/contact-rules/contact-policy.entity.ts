import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ContactChannel, PerChannelLimits, QuietHours } from './contact-channel';

/** How often, when and through which channels customers may be contacted. */
@Entity('contact_policies')
export class ContactPolicy {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean;

  @Column({ name: 'max_per_7_days', type: 'smallint' })
  maxPer7Days: number;

  @Column({ name: 'max_per_30_days', type: 'smallint' })
  maxPer30Days: number;

  @Column({ name: 'per_channel', type: 'jsonb' })
  perChannel: PerChannelLimits;

  @Column({ name: 'min_gap_hours', type: 'smallint' })
  minGapHours: number;

  @Column({ name: 'quiet_hours', type: 'jsonb' })
  quietHours: QuietHours;

  /** Dates 'YYYY-MM-DD' on which the holiday channels are not used. */
  @Column({ type: 'jsonb' })
  holidays: string[];

  @Column({ name: 'holiday_channels', type: 'text', array: true })
  holidayChannels: ContactChannel[];

  @Column({ name: 'refusal_block_days', type: 'smallint' })
  refusalBlockDays: number;

  @Column({ name: 'renewal_earliest_days', type: 'smallint' })
  renewalEarliestDays: number;

  @Column({ name: 'require_consent', type: 'boolean' })
  requireConsent: boolean;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
