import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Fen } from '@lib/common/money';
import type { ProductLine } from '@lib/customers/product-line';
import { CampaignObjective, RevisionStatus } from './campaign-status';
import { fenColumn, localDaysColumn, percentColumn } from './fen-column';

/** One numbered version of a campaign's plan; frozen once submitted, kept for ever. */
@Entity('campaign_revisions')
export class CampaignRevision {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId: number;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'varchar', length: 16 })
  status: RevisionStatus;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  objective: CampaignObjective;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description: string;

  /** Local date YYYY-MM-DD. */
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ name: 'include_segment_ids', type: 'integer', array: true, default: () => "'{}'" })
  includeSegmentIds: number[];

  @Column({ name: 'exclude_segment_ids', type: 'integer', array: true, default: () => "'{}'" })
  excludeSegmentIds: number[];

  @Column({ name: 'bundle_id', type: 'integer', nullable: true })
  bundleId: number | null;

  @Column({ name: 'control_share_pct', type: 'numeric', precision: 5, scale: 2, transformer: percentColumn })
  controlSharePct: number;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column({ name: 'target_contacts', type: 'integer', nullable: true })
  targetContacts: number | null;

  @Column({ name: 'target_response_rate_pct', type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: percentColumn })
  targetResponseRatePct: number | null;

  @Column({ name: 'target_conversions', type: 'integer', nullable: true })
  targetConversions: number | null;

  @Column({ name: 'target_premium', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: fenColumn })
  targetPremiumFen: Fen | null;

  @Column({ name: 'attribution_window_days', type: 'integer', default: 30 })
  attributionWindowDays: number;

  /** Product lines whose policies count as conversions besides the bundle's products. */
  @Column({ name: 'attribution_product_lines', type: 'text', array: true, default: () => "'{}'" })
  attributionProductLines: ProductLine[];

  @Column({ name: 'evaluation_form_ref', type: 'varchar', length: 100, nullable: true })
  evaluationFormRef: string | null;

  /** Local dates within the campaign's span on which every branch files an interim report. */
  @Column({ name: 'evaluation_checkpoints', type: 'date', array: true, default: () => "'{}'", transformer: localDaysColumn })
  evaluationCheckpoints: string[];

  /** Days a branch has to file its report; EVALUATION_DUE_DAYS when null. */
  @Column({ name: 'evaluation_due_days', type: 'integer', nullable: true })
  evaluationDueDays: number | null;

  @Column({ name: 'budget', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: fenColumn })
  budgetFen: Fen | null;

  /** Participating branches (org unit ids in the owner's subtree). */
  @Column({ name: 'branch_ids', type: 'integer', array: true, default: () => "'{}'" })
  branchIds: number[];

  @Column({ name: 'review_round', type: 'integer', default: 0 })
  reviewRound: number;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
