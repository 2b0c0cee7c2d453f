import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { IdParam, Page, PageQuery } from '@lib/common';
import {
  AudienceMember, AudiencePreview, CreateSegmentBody, FieldSpec, MemberRemovalResult, CustomerNumbersBody, MemberUploadResult, OverlapBody, OverlapResult,
  RuleBody, SEGMENT_WRITERS, SegmentDetail, SegmentListQuery, SegmentService, SegmentView, SNAPSHOT_TAKERS, SnapshotView, UpdateSegmentBody,
} from '@lib/segments';
import { ClientGone } from '../client-gone';

/**
 * Segments: every role reads them and counts customers within its own subtree (the
 * segment page previews the rule it shows, saved or not, for every reader); segment
 * managers (and admins) create and change them; campaign managers also take snapshots,
 * as campaign audiences are frozen that way. What a preview may cost is bounded by the
 * rule's limits and the statement limit, and its statements stop when its client goes away.
 */
@ApiTags('segments')
@ApiBearerAuth()
@Controller('segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentService) {}

  @Get('fields')
  @ApiOkResponse({ description: 'The fields a rule may use, with their operators, values and parameters' })
  fields(): Promise<FieldSpec[]> {
    return this.segments.fields();
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Count, sample and breakdowns of the customers in your scope that the rule selects' })
  preview(@CurrentUser() user: AuthUser, @Body() body: RuleBody, @ClientGone() gone: AbortSignal): Promise<AudiencePreview> {
    return this.segments.preview(user.scope, body.rule, gone);
  }

  @Post('overlap')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Customers of each segment and of each intersection, within your scope' })
  overlap(@CurrentUser() user: AuthUser, @Body() body: OverlapBody): Promise<OverlapResult> {
    return this.segments.overlap(user.scope, body.segmentIds);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: SegmentListQuery): Promise<Page<SegmentView>> {
    return this.segments.list(user.scope, query);
  }

  @Post()
  @Roles(...SEGMENT_WRITERS)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateSegmentBody): Promise<SegmentDetail> {
    return this.segments.create(user.scope, user.id, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<SegmentDetail> {
    return this.segments.get(user.scope, id);
  }

  @Patch(':id')
  @Roles(...SEGMENT_WRITERS)
  update(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateSegmentBody): Promise<SegmentDetail> {
    return this.segments.update(user.scope, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...SEGMENT_WRITERS)
  remove(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<void> {
    return this.segments.remove(user.scope, id);
  }

  @Get(':id/preview')
  previewSaved(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @ClientGone() gone: AbortSignal): Promise<AudiencePreview> {
    return this.segments.previewSegment(user.scope, id, gone);
  }

  @Get(':id/members')
  members(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() page: PageQuery): Promise<Page<AudienceMember>> {
    return this.segments.members(user.scope, id, page);
  }

  @Post(':id/members')
  @HttpCode(200)
  @Roles(...SEGMENT_WRITERS)
  @ApiOkResponse({ description: 'How many were added, how many were members already, and the numbers not found in your scope' })
  addMembers(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: CustomerNumbersBody): Promise<MemberUploadResult> {
    return this.segments.addMembers(user.scope, id, body.customerNos);
  }

  @Post(':id/members/remove')
  @HttpCode(200)
  @Roles(...SEGMENT_WRITERS)
  @ApiOkResponse({ description: 'How many were taken off the list, and the numbers that were not on it' })
  removeMembers(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: CustomerNumbersBody): Promise<MemberRemovalResult> {
    return this.segments.removeMembers(user.scope, id, body.customerNos);
  }

  @Post(':id/snapshots')
  @Roles(...SNAPSHOT_TAKERS)
  snapshot(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<SnapshotView> {
    return this.segments.snapshot(user.scope, id, user.id);
  }

  @Get(':id/snapshots')
  snapshots(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<SnapshotView[]> {
    return this.segments.snapshotsOf(user.scope, id);
  }
}
