import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import {
  BUDGET_APPROVERS,
  BudgetPoolDetailView,
  BudgetPoolListQuery,
  BudgetPoolService,
  BudgetPoolView,
  CreateBudgetPoolBody,
  PoolMovementBody,
} from '@lib/budgets';
import { IdParam } from '@lib/common';

/**
 * Budget pools per fiscal year and org unit: every role reads the pools of its
 * subtree; reviewers open them, fund the top pool and allocate to sub-pools.
 */
@ApiTags('budgets')
@ApiBearerAuth()
@Controller('budget-pools')
export class BudgetPoolsController {
  constructor(private readonly pools: BudgetPoolService) {}

  @Get()
  @ApiOkResponse({ description: 'The pools of your subtree with their planned, reserved, committed, actual and remaining money' })
  list(@CurrentUser() user: AuthUser, @Query() query: BudgetPoolListQuery): Promise<BudgetPoolView[]> {
    return this.pools.list(user.scope, query.fiscalYear);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'A pool with its sub-pools and the campaigns that reserved from it' })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<BudgetPoolDetailView> {
    return this.pools.get(user.scope, id);
  }

  @Post()
  @Roles(...BUDGET_APPROVERS)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateBudgetPoolBody): Promise<BudgetPoolView> {
    return this.pools.create(user.scope, user.id, body);
  }

  /** Money added to (or, negative, taken from) a top pool. */
  @Post(':id/funding')
  @Roles(...BUDGET_APPROVERS)
  fund(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: PoolMovementBody): Promise<BudgetPoolView> {
    return this.pools.fund(user.scope, user.id, id, body);
  }

  /** Money allocated from the parent pool to this sub-pool (negative: given back). */
  @Post(':id/allocations')
  @Roles(...BUDGET_APPROVERS)
  allocate(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: PoolMovementBody): Promise<BudgetPoolView> {
    return this.pools.allocate(user.scope, user.id, id, body);
  }
}
