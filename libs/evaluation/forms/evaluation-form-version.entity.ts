import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FormDefinition } from '../form-schema';
import type { FormVersionStatus } from './evaluation-form.view';

/** One numbered version of a form template: a draft its designers edit, or published and frozen. */
@Entity('evaluation_form_versions')
export class EvaluationFormVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'template_id', type: 'integer' })
  templateId: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  status: FormVersionStatus;

  /** Counts the saves of a draft: a save names the revision it was made on. */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'jsonb' })
  definition: FormDefinition;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @Column({ name: 'updated_by', type: 'integer' })
  updatedBy: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'published_by', type: 'integer', nullable: true })
  publishedBy: number | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
