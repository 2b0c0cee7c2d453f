import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApprovedPlan, CampaignCommitment } from '@lib/campaigns/campaign-commitment';
import { ValidationError } from '@lib/common';

/**
 * Pins the evaluation form version a campaign's branches report on, inside the
 * transaction that approves its plan: the last published version of the form the plan
 * names, or of the default form when it names none. A later revision naming the same
 * form keeps the pin, so a version published since never changes the campaign's form;
 * one naming another form pins that form's version in force. A revision naming none
 * keeps a pin made on the default, so a new default changes no approved campaign; with
 * no default it removes the pin.
 */
@Injectable()
export class FormPinCommitment implements CampaignCommitment {
  readonly name = 'evaluation_form';

  async commit(manager: EntityManager, plan: ApprovedPlan): Promise<void> {
    const [{ evaluation_form_ref: ref }] = await manager.query(`SELECT evaluation_form_ref FROM campaign_revisions WHERE id = $1`, [plan.revisionId]);
    const [form]: { template_id: number; version_id: number | null }[] = await manager.query(
      `SELECT t.id AS template_id,
              (SELECT v.id FROM evaluation_form_versions v WHERE v.template_id = t.id AND v.status = 'published' ORDER BY v.version DESC LIMIT 1) AS version_id
         FROM evaluation_form_templates t WHERE ${ref ? 't.code = $1' : 't.is_default'}`,
      ref ? [ref] : [],
    );
    if (!ref && !form) {
      await manager.query(`DELETE FROM campaign_form_versions WHERE campaign_id = $1`, [plan.campaignId]);
      return;
    }
    // The check at submit makes this rare: a plan submitted before its form was published.
    if (!form?.version_id) {
      throw new ValidationError([{ field: 'evaluationFormRef', code: form ? 'evaluation_form_not_published' : 'evaluation_form_ref_unknown', params: { ref } }]);
    }
    // Kept: a pin on the same form, and, for a plan naming none, a pin made on the default before (another default since changes no campaign).
    await manager.query(
      `INSERT INTO campaign_form_versions (campaign_id, form_version_id, revision_id) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO UPDATE SET form_version_id = EXCLUDED.form_version_id, revision_id = EXCLUDED.revision_id, pinned_at = now()
        WHERE (SELECT v.template_id FROM evaluation_form_versions v WHERE v.id = campaign_form_versions.form_version_id) <> $4
          AND ($5::boolean OR (SELECT r.evaluation_form_ref FROM campaign_revisions r WHERE r.id = campaign_form_versions.revision_id) IS NOT NULL)`,
      [plan.campaignId, form.version_id, plan.revisionId, form.template_id, Boolean(ref)],
    );
  }

  /** The pin outlives the campaign's end: its reports are read on that version after it closes. */
  async release(): Promise<void> {}
}
