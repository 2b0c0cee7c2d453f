import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, ProvinceWide, Roles } from '@lib/auth';
import { IdParam } from '@lib/common';
import {
  ContactCheckBody,
  ContactCheckResult,
  ContactCheckService,
  CONTACT_POLICY_WRITERS,
  ContactPolicyService,
  ContactPolicyView,
  CreateContactPolicyBody,
  UpdateContactPolicyBody,
} from '@lib/contact-rules';

@ApiTags('contact-rules')
@ApiBearerAuth()
@Controller('contact-policies')
export class ContactPoliciesController {
  constructor(
    private readonly policies: ContactPolicyService,
    private readonly checks: ContactCheckService,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  list(): Promise<ContactPolicyView[]> {
    return this.policies.list();
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  get(@Param() { id }: IdParam): Promise<ContactPolicyView> {
    return this.policies.get(id);
  }

  @Post()
  @Roles(...CONTACT_POLICY_WRITERS)
  @ProvinceWide()
  create(@Body() body: CreateContactPolicyBody, @CurrentUser() user: AuthUser): Promise<ContactPolicyView> {
    return this.policies.create(body, user.id);
  }

  @Patch(':id')
  @Roles(...CONTACT_POLICY_WRITERS)
  @ProvinceWide()
  update(@Param() { id }: IdParam, @Body() body: UpdateContactPolicyBody, @CurrentUser() user: AuthUser): Promise<ContactPolicyView> {
    return this.policies.update(id, body, user.id);
  }

  /** Counts who of the audience may be contacted on each channel, and why the others may not; changes nothing. */
  @Post(':id/check')
  @HttpCode(200)
  @Roles(...ALL_ROLES)
  check(@Param() { id }: IdParam, @Body() body: ContactCheckBody, @CurrentUser() user: AuthUser): Promise<ContactCheckResult> {
    return this.checks.check(user.scope, id, body);
  }
}
