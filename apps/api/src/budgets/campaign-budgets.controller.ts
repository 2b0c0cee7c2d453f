import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import {
  BUDGET_PLANNERS,
  BudgetAllocationView,
  BudgetRaiseRequestView,
  CampaignBudgetListQuery,
  CampaignBudgetService,
  CampaignBudgetView,
  CampaignRevisionParams,
  CreateManualSpendBody,
  RaiseRequestBody,
  SetAllocationsBody,
  SPEND_RECORDERS,
  SpendLineParams,
  SpendLineView,
  SpendListQuery,
} from '@lib/budgets';
import { IdParam, Page } from '@lib/common';
import { receiveFile, uploadError } from '../multipart-upload';

const FILE_FIELD = 'file';

/**
 * A campaign's budget (`:id` is the campaign): figures by branch and channel, the
 * split of each revision, spend lines and raise requests. A user who sees only some
 * participating branches reads and changes only those branches' part.
 */
@ApiTags('budgets')
@ApiBearerAuth()
@Controller('campaign-budgets')
export class CampaignBudgetsController {
  constructor(private readonly budgets: CampaignBudgetService) {}

  @Get()
  @ApiOkResponse({ description: 'The budgets of the campaigns you see, newest first, each whole or as your branches part' })
  list(@CurrentUser() user: AuthUser, @Query() query: CampaignBudgetListQuery): Promise<Page<CampaignBudgetView>> {
    return this.budgets.list(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'Planned, reserved, committed, actual and remaining money of the campaign, its branches and channels' })
  view(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignBudgetView> {
    return this.budgets.view(user.scope, id);
  }

  @Get(':id/revisions/:revisionId/allocations')
  allocations(@CurrentUser() user: AuthUser, @Param() { id, revisionId }: CampaignRevisionParams): Promise<BudgetAllocationView> {
    return this.budgets.allocations(user.scope, id, revisionId);
  }

  /** Replaces the split of a revision still being worked on. */
  @Put(':id/revisions/:revisionId/allocations')
  @Roles(...BUDGET_PLANNERS)
  setAllocations(
    @CurrentUser() user: AuthUser,
    @Param() { id, revisionId }: CampaignRevisionParams,
    @Body() body: SetAllocationsBody,
  ): Promise<BudgetAllocationView> {
    return this.budgets.setAllocations(user.scope, user.id, id, revisionId, body);
  }

  @Get(':id/spend')
  spendLines(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() query: SpendListQuery): Promise<SpendLineView[]> {
    return this.budgets.spendLines(user.scope, id, query.branchId);
  }

  @Post(':id/spend')
  @Roles(...SPEND_RECORDERS)
  addSpend(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: CreateManualSpendBody): Promise<SpendLineView> {
    return this.budgets.addManualSpend(user.scope, user.id, id, body);
  }

  /** Corrects a wrongly entered manual spend with a reversing line. */
  @Post(':id/spend/:lineId/reversal')
  @Roles(...SPEND_RECORDERS)
  reverseSpend(@CurrentUser() user: AuthUser, @Param() { id, lineId }: SpendLineParams): Promise<SpendLineView> {
    return this.budgets.reverseManualSpend(user.scope, user.id, id, lineId);
  }

  /** A receipt or invoice for a manual spend line (multipart field `file`). */
  @Put(':id/spend/:lineId/attachment')
  @Roles(...SPEND_RECORDERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  async attach(@CurrentUser() user: AuthUser, @Param() { id, lineId }: SpendLineParams, @Req() req: FastifyRequest): Promise<SpendLineView> {
    const part = await receiveFile(req, FILE_FIELD);
    try {
      return await this.budgets.attach(user.scope, user.id, id, lineId, part.filename, part.file);
    } catch (err) {
      throw uploadError(err, FILE_FIELD) ?? err;
    }
  }

  @Get(':id/spend/:lineId/attachment')
  async attachment(@CurrentUser() user: AuthUser, @Param() { id, lineId }: SpendLineParams, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.budgets.attachment(user.scope, id, lineId);
    await reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(createReadStream(file.path));
  }

  @Get(':id/raise-requests')
  raiseRequests(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<BudgetRaiseRequestView[]> {
    return this.budgets.raiseRequests(user.scope, id);
  }

  /** Asks a reviewer for more money; approved, it is reserved from the pool like the first reservation. */
  @Post(':id/raise-requests')
  @Roles(...BUDGET_PLANNERS)
  requestRaise(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: RaiseRequestBody): Promise<BudgetRaiseRequestView> {
    return this.budgets.requestRaise(user.scope, user.id, id, body);
  }
}
