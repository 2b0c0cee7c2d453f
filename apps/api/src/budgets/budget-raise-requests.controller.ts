import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { BUDGET_APPROVERS, BudgetRaiseRequestView, CampaignBudgetService, DecisionBody } from '@lib/budgets';
import { IdParam } from '@lib/common';

/** The reviewer's inbox of budget raise requests for campaigns owned in their subtree. */
@ApiTags('budgets')
@ApiBearerAuth()
@Controller('budget-raise-requests')
@Roles(...BUDGET_APPROVERS)
export class BudgetRaiseRequestsController {
  constructor(private readonly budgets: CampaignBudgetService) {}

  @Get()
  pending(@CurrentUser() user: AuthUser): Promise<BudgetRaiseRequestView[]> {
    return this.budgets.pendingRaiseRequests(user.scope);
  }

  @Post(':id/approval')
  @HttpCode(200)
  approve(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: DecisionBody): Promise<BudgetRaiseRequestView> {
    return this.budgets.decideRaise(user.scope, user.id, id, true, body.comment);
  }

  @Post(':id/rejection')
  @HttpCode(200)
  reject(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: DecisionBody): Promise<BudgetRaiseRequestView> {
    return this.budgets.decideRaise(user.scope, user.id, id, false, body.comment);
  }
}
