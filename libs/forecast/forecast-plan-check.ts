import { Injectable } from '@nestjs/common';
import type { CampaignPlanCheck, SubmittedPlan } from '@lib/campaigns/campaign-commitment';
import { FieldProblem, parseYuan, ValidationError } from '@lib/common';
import type { OrgScope } from '@lib/auth/org-scope';
import { CampaignForecast } from './campaign-forecast.service';

/**
 * At submit, whether the budget pays for the contacts the plan makes within its
 * capacity: the forecast without the budget's limit prices them. A plan too
 * incomplete to forecast is left to the plan's own checks, which name what it lacks.
 */
@Injectable()
export class ForecastPlanCheck implements CampaignPlanCheck {
  readonly name = 'forecast';

  constructor(private readonly forecasts: CampaignForecast) {}

  async problems(_manager: unknown, { campaignId, plan }: SubmittedPlan, scope: OrgScope): Promise<FieldProblem[]> {
    const budgetFen = plan.budget === null ? null : parseYuan(plan.budget);
    if (budgetFen === null) return [];
    try {
      const unlimited = await this.forecasts.forecast(scope, { ...plan, campaignId, budget: null });
      const costFen = parseYuan(unlimited.cost) ?? 0;
      return costFen > budgetFen ? [{ field: 'budget', code: 'budget_below_forecast', params: { budget: plan.budget as string, cost: unlimited.cost } }] : [];
    } catch (error) {
      if (error instanceof ValidationError) return [];
      throw error;
    }
  }
}
