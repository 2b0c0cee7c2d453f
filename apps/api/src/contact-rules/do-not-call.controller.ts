import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { PageQuery } from '@lib/common';
import { AddDoNotCallBody, DoNotCallService } from '@lib/contact-rules';

const READERS = [
  Role.Admin,
  Role.SegmentManager,
  Role.CampaignManager,
  Role.Analyst,
  Role.Reviewer,
  Role.ChannelManager,
  Role.BranchExecutor,
];
/** Branch staff take a customer's "please stop calling me" at the counter too. */
const WRITERS = [Role.Admin, Role.SegmentManager, Role.BranchExecutor];

class CustomerIdParam {
  @ApiProperty({ minimum: 1, example: 1024 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  customerId: number;
}

@ApiTags('contact-rules')
@ApiBearerAuth()
@Controller('do-not-call')
export class DoNotCallController {
  constructor(private readonly doNotCall: DoNotCallService) {}

  @Get()
  @Roles(...READERS)
  list(@Query() query: PageQuery, @CurrentUser() user: AuthUser) {
    return this.doNotCall.list(user.scope, query);
  }

  @Post()
  @Roles(...WRITERS)
  add(@Body() body: AddDoNotCallBody, @CurrentUser() user: AuthUser) {
    return this.doNotCall.add(user.scope, body, user.id);
  }

  @Delete(':customerId')
  @HttpCode(204)
  @Roles(...WRITERS)
  async remove(@Param() { customerId }: CustomerIdParam, @CurrentUser() user: AuthUser): Promise<void> {
    await this.doNotCall.remove(user.scope, customerId);
  }
}
