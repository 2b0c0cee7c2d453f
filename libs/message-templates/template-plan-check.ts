import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgScope } from '@lib/auth/org-scope';
import type { CampaignPlanCheck, SubmittedPlan } from '@lib/campaigns/campaign-commitment';
import type { FieldProblem } from '@lib/common';
import { MessageTemplates } from './message-templates';
import { CHANNEL_NAMES } from './template-channel';

/**
 * At submit, whether every step's template exists for the step's channel: a file
 * template, or a database template the submitter can see. Found then, not at send time.
 */
@Injectable()
export class TemplatePlanCheck implements CampaignPlanCheck {
  readonly name = 'templates';

  constructor(private readonly templates: MessageTemplates) {}

  async problems(manager: EntityManager, { plan }: SubmittedPlan, scope: OrgScope): Promise<FieldProblem[]> {
    const refs = plan.steps.map((step) => step.templateRef).filter((ref): ref is string => Boolean(ref));
    const known: { key: string; channel: string }[] = refs.length
      ? await manager.query(
          `SELECT t.key, t.channel FROM message_templates t JOIN org_units o ON o.id = t.owner_org_unit_id
            WHERE t.key = ANY($1) AND (o.path LIKE $2 OR $3 LIKE o.path || '%')`,
          [refs, scope.pathPattern, scope.path],
        )
      : [];
    const problems: FieldProblem[] = [];
    plan.steps.forEach((step, index) => {
      const ref = step.templateRef;
      if (!ref) return; // the plan's own check says it is required
      const found = this.templates.isFileTemplate(ref, step.channel) || known.some((row) => row.key === ref && row.channel === step.channel);
      if (!found) problems.push({ field: `steps[${index}].templateRef`, code: 'template_ref_unknown', params: { ref, channel: CHANNEL_NAMES[step.channel] } });
    });
    return problems;
  }
}
