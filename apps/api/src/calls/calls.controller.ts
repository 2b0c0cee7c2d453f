import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import {
  BranchIdParam,
  CallbackView,
  CallDesk,
  CallListExchange,
  CallListExportQuery,
  CallResultsImportView,
  CallView,
  ContactIdParam,
  DispositionRecordedView,
  NextCallView,
  RecordCallBody,
  resultProblems,
} from '@lib/channels';
import { receiveFile, uploadError } from '../multipart-upload';

const FILE_FIELD = 'file';
/** Who works a branch's call lists through a dialler: its executors and the channel managers. */
const LIST_KEEPERS = [Role.BranchExecutor, Role.ChannelManager, Role.Admin];

/** The call-centre desk (docs/call-centre.md): next call, disposition, callbacks; the branch's list to and from a dialler. */
@ApiTags('calls')
@ApiBearerAuth()
@Controller()
export class CallsController {
  constructor(
    private readonly desk: CallDesk,
    private readonly exchange: CallListExchange,
  ) {}

  @Post('calls/next')
  @HttpCode(200)
  @Roles(Role.CallAgent)
  @ApiOkResponse({ description: 'The next call of your branch’s lists (your due callbacks first), checked against the contact rules now; or why there is none' })
  next(@CurrentUser() user: AuthUser): Promise<NextCallView> {
    return this.desk.nextCall(user);
  }

  @Get('calls/callbacks')
  @Roles(Role.CallAgent)
  @ApiOkResponse({ description: 'Your callbacks still to make, soonest first' })
  callbacks(@CurrentUser() user: AuthUser): Promise<CallbackView[]> {
    return this.desk.callbacks(user);
  }

  @Get('calls/:contactId')
  @Roles(Role.CallAgent)
  @ApiOkResponse({ description: 'A call you hold: customer, holdings, claims, bundle and script' })
  current(@CurrentUser() user: AuthUser, @Param() { contactId }: ContactIdParam): Promise<CallView> {
    return this.desk.currentCall(user, contactId);
  }

  @Post('calls/:contactId/disposition')
  @HttpCode(200)
  @Roles(Role.CallAgent)
  @ApiOkResponse({ description: 'Records the outcome of a call you hold; the contact moves forward' })
  record(@CurrentUser() user: AuthUser, @Param() { contactId }: ContactIdParam, @Body() body: RecordCallBody): Promise<DispositionRecordedView> {
    const result = { ...body, callbackAt: body.callbackAt === undefined ? undefined : new Date(body.callbackAt) };
    const problem = resultProblems(result);
    if (problem) throw problem;
    return this.desk.record(user, contactId, result);
  }

  @Get('branches/:branchId/call-list')
  @Roles(...LIST_KEEPERS)
  @ApiOkResponse({ description: 'The waiting calls of the branch as CSV (default) or XLSX, for an external dialler' })
  async exportList(
    @CurrentUser() user: AuthUser,
    @Param() { branchId }: BranchIdParam,
    @Query() { format = 'csv' }: CallListExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.exchange.exportList(user.scope, branchId, format);
    await reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="call-list-${branchId}.${format}"`)
      .send(file);
  }

  @Post('branches/:branchId/call-results')
  @HttpCode(200)
  @Roles(...LIST_KEEPERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ description: 'Records the dialler’s results (CSV or XLSX: contact_id, disposition, callback_at, policy_no, note); refused rows by line' })
  async importResults(@CurrentUser() user: AuthUser, @Param() { branchId }: BranchIdParam, @Req() req: FastifyRequest): Promise<CallResultsImportView> {
    const part = await receiveFile(req, FILE_FIELD);
    let file: Buffer;
    try {
      file = await part.toBuffer();
    } catch (err) {
      throw uploadError(err, FILE_FIELD) ?? err;
    }
    return this.exchange.importResults(user.scope, branchId, file);
  }
}
