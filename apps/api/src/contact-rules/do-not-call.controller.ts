import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ALL_ROLES, AuthUser, CurrentUser, Roles } from '@lib/auth';
import { Page, PageQuery } from '@lib/common';
import { AddDoNotCallBody, DO_NOT_CALL_WRITERS, DoNotCallEntry, DoNotCallService } from '@lib/contact-rules';

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
  @Roles(...ALL_ROLES)
  list(@Query() query: PageQuery, @CurrentUser() user: AuthUser): Promise<Page<DoNotCallEntry>> {
    return this.doNotCall.list(user.scope, query);
  }

  @Post()
  @Roles(...DO_NOT_CALL_WRITERS)
  add(@Body() body: AddDoNotCallBody, @CurrentUser() user: AuthUser): Promise<DoNotCallEntry> {
    return this.doNotCall.add(user.scope, body, user.id);
  }

  @Delete(':customerId')
  @HttpCode(204)
  @Roles(...DO_NOT_CALL_WRITERS)
  async remove(@Param() { customerId }: CustomerIdParam, @CurrentUser() user: AuthUser): Promise<void> {
    await this.doNotCall.remove(user.scope, customerId);
  }
}
