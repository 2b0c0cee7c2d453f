import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RuleNode } from './rule';
import { SegmentKind } from './segment.entity';

/** A segment's members frozen at a moment, within the scope of the unit that took it. */
@Entity({ name: 'segment_snapshots' })
export class SegmentSnapshot {
  @PrimaryGeneratedColumn()
  id: number;

  /** Null once the segment is deleted; the snapshot stays for the campaigns that use it. */
  @Column({ name: 'segment_id', type: 'integer', nullable: true })
  segmentId: number | null;

  @Column({ name: 'segment_name', type: 'varchar', length: 100 })
  segmentName: string;

  @Column({ type: 'varchar', length: 8 })
  kind: SegmentKind;

  @Column({ type: 'jsonb', nullable: true })
  rule: RuleNode | null;

  @Column({ name: 'org_unit_id', type: 'integer' })
  orgUnitId: number;

  @Column({ name: 'member_count', type: 'integer' })
  memberCount: number;

  @Column({ name: 'taken_by', type: 'integer' })
  takenBy: number;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt: Date;
}
