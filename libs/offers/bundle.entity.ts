import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RuleNode } from '@lib/segments';

/** PostgreSQL returns numeric as text (exact decimals); prices here fit a double. */
const numericAsNumber = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export interface Objection {
  objection: string;
  answer: string;
}

/** A cross-sell bundle: products sold together, to whom, at what price, and how to sell it. */
@Entity('bundles')
export class Bundle {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  @Column({ name: 'product_codes', type: 'text', array: true })
  productCodes: string[];

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: numericAsNumber })
  price: number;

  @Column({ name: 'discount_pct', type: 'numeric', precision: 5, scale: 2, transformer: numericAsNumber })
  discountPct: number;

  @Column({ name: 'eligibility_rule', type: 'jsonb' })
  eligibilityRule: RuleNode;

  /** 'YYYY-MM-DD' */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  /** 'YYYY-MM-DD', inclusive */
  @Column({ name: 'valid_to', type: 'date' })
  validTo: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'talking_points', type: 'text', array: true, default: () => `'{}'` })
  talkingPoints: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  objections: Objection[];

  @Column({ name: 'short_text', type: 'varchar', length: 500, default: '' })
  shortText: string;

  @Column({ name: 'owner_org_unit_id', type: 'integer' })
  ownerOrgUnitId: number;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
