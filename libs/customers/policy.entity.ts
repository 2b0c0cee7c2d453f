import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A policy a customer holds for one product. */
@Entity('policies')
export class Policy {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'policy_no' })
  policyNo: string;

  @Column({ name: 'customer_id', type: 'bigint' })
  customerId: string;

  @Column({ name: 'product_code' })
  productCode: string;

  @Column({ type: 'numeric' })
  premium: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column()
  status: string;

  @Column()
  channel: string;

  @Column({ name: 'org_unit_id' })
  orgUnitId: number;
}
