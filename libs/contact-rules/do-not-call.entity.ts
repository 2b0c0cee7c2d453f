import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer who must not be phoned, until a date or until removed. */
@Entity('do_not_call')
export class DoNotCall {
  @PrimaryColumn({ name: 'customer_id', type: 'bigint' })
  customerId: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'timestamptz' })
  since: Date;

  @Column({ type: 'timestamptz', nullable: true })
  until: Date | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;
}
