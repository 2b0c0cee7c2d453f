import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person the insurer serves; owned by one org unit. */
@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'customer_no' })
  customerNo: string;

  @Column({ name: 'id_number', type: 'varchar', nullable: true })
  idNumber: string | null;

  @Column()
  name: string;

  @Column({ type: 'char', nullable: true })
  gender: 'M' | 'F' | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', nullable: true })
  mobile: string | null;

  @Column({ type: 'varchar', nullable: true })
  email: string | null;

  @Column({ type: 'varchar', nullable: true })
  city: string | null;

  @Column({ name: 'org_unit_id' })
  orgUnitId: number;

  @Column({ name: 'consent_email' })
  consentEmail: boolean;

  @Column({ name: 'consent_phone' })
  consentPhone: boolean;

  @Column({ name: 'consent_sms' })
  consentSms: boolean;

  @Column({ name: 'consent_agent_visit' })
  consentAgentVisit: boolean;

  @Column({ name: 'do_not_contact' })
  doNotContact: boolean;

  @Column({ name: 'do_not_contact_at', type: 'timestamptz', nullable: true })
  doNotContactAt: Date | null;

  @Column({ name: 'value_tier', type: 'varchar', nullable: true })
  valueTier: string | null;

  @Column({ name: 'value_score', type: 'numeric', nullable: true })
  valueScore: string | null;
}
