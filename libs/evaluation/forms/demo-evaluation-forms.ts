import type { DataSource } from 'typeorm';
import { STANDARD_EVALUATION_CODE, STANDARD_EVALUATION_FORM, STANDARD_EVALUATION_NAME } from './standard-evaluation-form';

/**
 * The demo's standard evaluation form, version 1 published by the province's planner,
 * before the demo campaigns whose plans name it are submitted and approved; it is the
 * default form unless another one is. A second
 * run changes nothing. Returns how many forms were inserted.
 */
export async function seedDemoEvaluationForms(dataSource: DataSource, ownerOrgUnitId: number, designerId: number): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO evaluation_form_templates (code, name, name_en, owner_org_unit_id, created_by, is_default)
       VALUES ($1, $2, $3, $4, $5, NOT EXISTS (SELECT 1 FROM evaluation_form_templates WHERE is_default))
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [STANDARD_EVALUATION_CODE, STANDARD_EVALUATION_NAME.zh, STANDARD_EVALUATION_NAME.en, ownerOrgUnitId, designerId],
    );
    if (inserted.length === 0) return 0;
    await manager.query(
      `INSERT INTO evaluation_form_versions (template_id, version, status, definition, created_by, updated_by, published_by, published_at)
       VALUES ($1, 1, 'published', $2::jsonb, $3, $3, $3, now())`,
      [inserted[0].id, JSON.stringify(STANDARD_EVALUATION_FORM), designerId],
    );
    return 1;
  });
}
