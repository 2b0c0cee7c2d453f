import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgScope } from '@lib/auth/org-scope';
import type { CampaignPlanCheck, SubmittedPlan } from '@lib/campaigns/campaign-commitment';
import type { FieldProblem } from '@lib/common/domain-error';

/**
 * At submit, whether the evaluation form the plan names is a form the submitter can
 * see with a published version, so that approval has a version to pin. A plan may name
 * none (its campaign then has no evaluation report).
 */
@Injectable()
export class FormPlanCheck implements CampaignPlanCheck {
  readonly name = 'evaluation_form';

  async problems(manager: EntityManager, { plan }: SubmittedPlan, scope: OrgScope): Promise<FieldProblem[]> {
    const ref = plan.evaluationFormRef;
    if (!ref) return [];
    const [found]: { published: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM evaluation_form_versions v WHERE v.template_id = t.id AND v.status = 'published') AS published
         FROM evaluation_form_templates t JOIN org_units o ON o.id = t.owner_org_unit_id
        WHERE t.code = $1 AND (o.path LIKE $2 OR $3 LIKE o.path || '%')`,
      [ref, scope.pathPattern, scope.path],
    );
    if (!found) return [{ field: 'evaluationFormRef', code: 'evaluation_form_ref_unknown', params: { ref } }];
    if (!found.published) return [{ field: 'evaluationFormRef', code: 'evaluation_form_not_published', params: { ref } }];
    return [];
  }
}
