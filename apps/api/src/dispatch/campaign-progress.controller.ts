import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { IdParam, Page } from '@lib/common';
import {
  CampaignProgress,
  CampaignProgressService,
  DeadLetter,
  DeadLetterQuery,
  DeadLetterService,
  DeadLettersRetried,
  RetryDeadLettersBody,
} from '@lib/dispatch';

/** Live progress of launched campaigns, and the dead-letter list of the channels. */
@ApiTags('dispatch')
@ApiBearerAuth()
@Controller()
export class CampaignProgressController {
  constructor(
    private readonly progressService: CampaignProgressService,
    private readonly deadLetters: DeadLetterService,
  ) {}

  @Get('campaigns/:id/progress')
  @Roles(Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.Admin, Role.BranchExecutor, Role.ChannelManager)
  @ApiOkResponse({ description: 'Contacts per step, branch and status, send-time skips and launch exclusions per reason, engagement; within your scope' })
  progress(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignProgress> {
    return this.progressService.progress(user.scope, id);
  }

  @Get('dead-letters')
  @Roles(Role.ChannelManager, Role.Admin)
  @ApiOkResponse({ description: 'Contacts of your scope that failed every send attempt' })
  list(@CurrentUser() user: AuthUser, @Query() query: DeadLetterQuery): Promise<Page<DeadLetter>> {
    return this.deadLetters.list(user.scope, query.channel, query.page, query.pageSize);
  }

  @Post('dead-letters/retry')
  @HttpCode(200)
  @Roles(Role.ChannelManager, Role.Admin)
  @ApiOkResponse({ description: 'The contacts are due again and go through the send-time check; contacts outside your scope are left as they are' })
  retry(@CurrentUser() user: AuthUser, @Body() body: RetryDeadLettersBody): Promise<DeadLettersRetried> {
    return this.deadLetters.retry(user.scope, body.contactIds);
  }
}
