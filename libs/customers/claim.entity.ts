import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A claim on a policy; carries the customer too, so a customer's claims are one index scan. */
@Entity('claims')
export class Claim {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'claim_no' })
  claimNo: string;

  @Column({ name: 'policy_id', type: 'bigint' })
  policyId: string;

  @Column({ name: 'customer_id', type: 'bigint' })
  customerId: string;

  @Column({ name: 'claim_date', type: 'date' })
  claimDate: string;

  @Column({ type: 'numeric' })
  amount: string;

  @Column()
  status: string;
}
