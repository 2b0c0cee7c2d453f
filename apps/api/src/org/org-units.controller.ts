import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { IdParam } from '@lib/common';
import { CreateOrgUnitBody, OrgUnitService, OrgUnitView, OrgUnitViewSchema, UpdateOrgUnitBody } from '@lib/org';

/** Any logged-in user reads the units of their subtree (the UI's unit pickers); admins change them. */
@ApiTags('org')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitService) {}

  @Get()
  @ApiOkResponse({ type: OrgUnitViewSchema, isArray: true, description: 'Every unit of your subtree, parents first' })
  list(@CurrentUser() user: AuthUser): Promise<OrgUnitView[]> {
    return this.units.list(user.scope);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrgUnitViewSchema })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<OrgUnitView> {
    return this.units.get(user.scope, id);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: OrgUnitViewSchema })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateOrgUnitBody): Promise<OrgUnitView> {
    return this.units.create(user.scope, body);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: OrgUnitViewSchema })
  update(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateOrgUnitBody): Promise<OrgUnitView> {
    return this.units.update(user.scope, id, body);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<void> {
    await this.units.remove(user.scope, id);
  }
}
