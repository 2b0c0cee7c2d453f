import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { IdParam } from '@lib/common';
import {
  ContactCheckBody,
  ContactCheckService,
  ContactPolicyService,
  CreateContactPolicyBody,
  UpdateContactPolicyBody,
} from '@lib/contact-rules';

const READERS = [
  Role.Admin,
  Role.SegmentManager,
  Role.CampaignManager,
  Role.Analyst,
  Role.Reviewer,
  Role.ChannelManager,
  Role.BranchExecutor,
];
const WRITERS = [Role.Admin, Role.SegmentManager];

@ApiTags('contact-rules')
@ApiBearerAuth()
@Controller('contact-policies')
export class ContactPoliciesController {
  constructor(
    private readonly policies: ContactPolicyService,
    private readonly checks: ContactCheckService,
  ) {}

  @Get()
  @Roles(...READERS)
  list() {
    return this.policies.list();
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param() { id }: IdParam) {
    return this.policies.get(id);
  }

  @Post()
  @Roles(...WRITERS)
  create(@Body() body: CreateContactPolicyBody, @CurrentUser() user: AuthUser) {
    return this.policies.create(body, user.id);
  }

  @Patch(':id')
  @Roles(...WRITERS)
  update(@Param() { id }: IdParam, @Body() body: UpdateContactPolicyBody, @CurrentUser() user: AuthUser) {
    return this.policies.update(id, body, user.id);
  }

  /** Counts who of the audience may be contacted on each channel, and why the others may not; changes nothing. */
  @Post(':id/check')
  @HttpCode(200)
  @Roles(...READERS)
  check(@Param() { id }: IdParam, @Body() body: ContactCheckBody, @CurrentUser() user: AuthUser) {
    return this.checks.check(user.scope, id, body);
  }
}
