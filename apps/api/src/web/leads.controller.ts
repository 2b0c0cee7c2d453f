import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { Lead, LEAD_READERS, LEAD_STATUSES, LEAD_WRITERS, LeadService, LeadStatus } from '@lib/channels';
import { IdParam, Page, PageQuery } from '@lib/common';

class LeadsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;
}

class LeadStatusBody {
  @ApiProperty({ enum: LEAD_STATUSES })
  @IsIn(LEAD_STATUSES)
  status: LeadStatus;
}

/** Leads of accepted web offers, for the branches that own the customers; each user sees the branches of their scope. */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadService) {}

  @Get()
  @Roles(...LEAD_READERS)
  list(@CurrentUser() user: AuthUser, @Query() query: LeadsQuery): Promise<Page<Lead>> {
    return this.leads.list(user.scope, query.page, query.pageSize, query.status);
  }

  @Patch(':id')
  @Roles(...LEAD_WRITERS)
  setStatus(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: LeadStatusBody): Promise<Lead> {
    return this.leads.setStatus(user.scope, id, body.status);
  }
}
