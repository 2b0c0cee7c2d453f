import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CampaignStatus } from './campaign-status';

/** A campaign: its code, life-cycle status, owner and the revision of its plan in force. */
@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  status: CampaignStatus;

  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  @Column({ name: 'owning_org_unit_id', type: 'integer' })
  owningOrgUnitId: number;

  /** Null until the first revision is approved. */
  @Column({ name: 'approved_revision_id', type: 'integer', nullable: true })
  approvedRevisionId: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
