import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import {
  AssignTaskBody,
  BranchIdParam,
  ContactIdParam,
  DailyView,
  FieldAgentView,
  FieldTaskBoard,
  FieldTaskView,
  OutcomeRecordedView,
  RecordVisitBody,
  TaskListQuery,
  visitProblems,
} from '@lib/channels';

/** The branch task board (docs/field-tasks.md): branch executors assign visits, and as agents record their outcomes. */
@ApiTags('field-tasks')
@ApiBearerAuth()
@Roles(Role.BranchExecutor)
@Controller()
export class FieldTasksController {
  constructor(private readonly board: FieldTaskBoard) {}

  @Get('field-tasks')
  @ApiOkResponse({ description: 'The visit tasks of your branches: due today, overdue, or all; overdue ones flagged' })
  tasks(@CurrentUser() user: AuthUser, @Query() { filter = 'all' }: TaskListQuery): Promise<FieldTaskView[]> {
    return this.board.tasks(user, filter);
  }

  @Get('field-tasks/daily')
  @ApiOkResponse({ description: 'Your tasks today, the overdue ones, and results against your branches’ share of the campaigns’ targets' })
  daily(@CurrentUser() user: AuthUser): Promise<DailyView> {
    return this.board.daily(user);
  }

  @Get('branches/:branchId/field-agents')
  @ApiOkResponse({ description: 'Who the branch’s tasks can be assigned to' })
  agents(@CurrentUser() user: AuthUser, @Param() { branchId }: BranchIdParam): Promise<FieldAgentView[]> {
    return this.board.agents(user, branchId);
  }

  @Put('field-tasks/:contactId/agent')
  @ApiOkResponse({ description: 'Assigns or reassigns an open task to an agent of its branch' })
  assign(@CurrentUser() user: AuthUser, @Param() { contactId }: ContactIdParam, @Body() { agentId }: AssignTaskBody): Promise<FieldTaskView> {
    return this.board.assign(user, contactId, agentId);
  }

  @Post('field-tasks/:contactId/outcome')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Records the outcome of a visit assigned to you, checked against the contact rules now' })
  record(@CurrentUser() user: AuthUser, @Param() { contactId }: ContactIdParam, @Body() body: RecordVisitBody): Promise<OutcomeRecordedView> {
    const problem = visitProblems(body);
    if (problem) throw problem;
    return this.board.record(user, contactId, body);
  }
}
