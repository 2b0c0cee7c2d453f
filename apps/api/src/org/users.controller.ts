import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles, sessionTokenOf } from '@lib/auth';
import { IdParam } from '@lib/common';
import { CreateUserBody, UpdateUserBody, UserListQuery, UserPageSchema, UserPageView, UserService, UserView, UserViewSchema } from '@lib/org';

/** User administration, for admins, within their subtree. */
@ApiTags('org')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  @ApiOkResponse({ type: UserPageSchema })
  list(@CurrentUser() user: AuthUser, @Query() query: UserListQuery): Promise<UserPageView> {
    return this.users.list(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserViewSchema })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<UserView> {
    return this.users.get(user.scope, id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserViewSchema })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserBody): Promise<UserView> {
    return this.users.create(user.scope, body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserViewSchema })
  update(
    @CurrentUser() user: AuthUser,
    @Param() { id }: IdParam,
    @Body() body: UpdateUserBody,
    @Req() req: FastifyRequest,
  ): Promise<UserView> {
    return this.users.update(user.scope, user.id, id, body, sessionTokenOf(req));
  }
}
