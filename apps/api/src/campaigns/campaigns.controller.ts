import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import {
  AuditEntryView, AwaitingApproval, CalendarQuery, CAMPAIGN_MOVERS, CAMPAIGN_WRITERS, CampaignCalendar, CampaignDetail, CampaignListQuery, CampaignMoves,
  CampaignOverlap, CampaignOverlapService, CampaignService, CampaignSummary, CreateCampaignBody, MoveBody, MoveParam, RevisionComparison,
  RevisionParam, RevisionView, SharedCustomer, SharedCustomersQuery, UpdateCampaignBody,
} from '@lib/campaigns';
import { IdParam, Page } from '@lib/common';

/**
 * Campaigns: every role reads those of its subtree (owned there, or with a
 * participating branch there); campaign managers create, copy and change their own
 * drafts; the life cycle's moves are checked for state and actor by the service.
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly moves: CampaignMoves,
    private readonly overlaps: CampaignOverlapService,
  ) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: CampaignListQuery): Promise<Page<CampaignSummary>> {
    return this.campaigns.list(user.scope, query);
  }

  @Get('calendar')
  @ApiOkResponse({ description: 'Campaigns running in the month, by ISO week, with the pairs whose audiences overlap in a common week' })
  calendar(@CurrentUser() user: AuthUser, @Query() query: CalendarQuery): Promise<CampaignCalendar> {
    return this.overlaps.calendar(user.scope, query);
  }

  @Get('awaiting-my-approval')
  @Roles(Role.Reviewer)
  @ApiOkResponse({ description: 'Campaigns whose next required approval is yours, oldest submission first' })
  awaitingApproval(@CurrentUser() user: AuthUser): Promise<AwaitingApproval[]> {
    return this.campaigns.awaitingApproval(user);
  }

  @Post()
  @Roles(...CAMPAIGN_WRITERS)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateCampaignBody): Promise<CampaignDetail> {
    return this.campaigns.create(user, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignDetail> {
    return this.campaigns.get(user.scope, id);
  }

  @Patch(':id')
  @Roles(...CAMPAIGN_WRITERS)
  @ApiOkResponse({ description: 'Changes the draft or returned revision; an approved plan answers 409 (create a revision)' })
  update(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateCampaignBody): Promise<CampaignDetail> {
    return this.campaigns.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...CAMPAIGN_WRITERS)
  @ApiNoContentResponse({ description: 'Deletes a draft never submitted; a campaign further along is cancelled instead (409)' })
  remove(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<void> {
    return this.campaigns.remove(user, id);
  }

  @Post(':id/copy')
  @Roles(...CAMPAIGN_WRITERS)
  @ApiOkResponse({ description: 'A new draft with the plan of this campaign, owned by you' })
  copy(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignDetail> {
    return this.campaigns.copy(user, id);
  }

  @Post(':id/revisions')
  @Roles(...CAMPAIGN_WRITERS)
  @ApiOkResponse({ description: 'A new draft revision of the approved plan, which stays in force until the revision is approved' })
  createRevision(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignDetail> {
    return this.campaigns.createRevision(user, id);
  }

  @Get(':id/revisions/:number')
  @ApiOkResponse({ description: 'One revision of the plan whole, with its steps and approvals' })
  revision(@CurrentUser() user: AuthUser, @Param() { id, number }: RevisionParam): Promise<RevisionView> {
    return this.campaigns.revision(user.scope, id, number);
  }

  @Get(':id/revisions/:number/comparison')
  @ApiOkResponse({ description: 'The revision against the one before it, field by field and step by step' })
  compare(@CurrentUser() user: AuthUser, @Param() { id, number }: RevisionParam): Promise<RevisionComparison> {
    return this.campaigns.compare(user.scope, id, number);
  }

  @Post(':id/moves/:move')
  @HttpCode(200)
  @Roles(...CAMPAIGN_MOVERS)
  @ApiOkResponse({ description: 'The campaign after the move; 409 names the current state when the move cannot be made from it' })
  move(@CurrentUser() user: AuthUser, @Param() { id, move }: MoveParam, @Body() body: MoveBody): Promise<CampaignDetail> {
    return this.moves.move(user, id, move, body);
  }

  @Get(':id/audit')
  @ApiOkResponse({ description: 'Every change to the campaign, oldest first: who, when, which move or field, before and after' })
  timeline(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<AuditEntryView[]> {
    return this.campaigns.timeline(user.scope, id);
  }

  @Get(':id/overlap')
  @ApiOkResponse({ description: "How many of the campaign's customers each scheduled, running or paused campaign already holds" })
  overlap(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignOverlap> {
    return this.overlaps.overlap(user.scope, id);
  }

  @Get(':id/overlap/customers')
  sharedCustomers(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() query: SharedCustomersQuery): Promise<Page<SharedCustomer>> {
    return this.overlaps.sharedCustomers(user.scope, id, query);
  }
}
