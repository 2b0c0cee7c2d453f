import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A standard evaluation form: its code, which campaign plans name, its name and the unit that owns it. */
@Entity('evaluation_form_templates')
export class EvaluationFormTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 100 })
  nameEn: string;

  @Column({ name: 'owner_org_unit_id', type: 'integer' })
  ownerOrgUnitId: number;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  /** The form plans naming none are pinned to; at most one template is. */
  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
