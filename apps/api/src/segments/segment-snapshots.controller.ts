import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@lib/auth';
import { IdParam, Page, PageQuery } from '@lib/common';
import { AudienceMember, SegmentService } from '@lib/segments';

/** The frozen members of a segment snapshot, within the caller's scope. */
@ApiTags('segments')
@ApiBearerAuth()
@Controller('segment-snapshots')
export class SegmentSnapshotsController {
  constructor(private readonly segments: SegmentService) {}

  @Get(':id/members')
  members(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() page: PageQuery): Promise<Page<AudienceMember>> {
    return this.segments.snapshotMembers(user.scope, id, page);
  }
}
