import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RuleNode } from './rule';
import type { SegmentKind } from './segment.view';

export type { SegmentKind } from './segment.view';

/** A named set of customers: a rule evaluated when used (dynamic) or an uploaded list (static). */
@Entity({ name: 'segments' })
export class Segment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 8 })
  kind: SegmentKind;

  @Column({ type: 'jsonb', nullable: true })
  rule: RuleNode | null;

  @Column({ name: 'owner_org_unit_id', type: 'integer' })
  ownerOrgUnitId: number;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
