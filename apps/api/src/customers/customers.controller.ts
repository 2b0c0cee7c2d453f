import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, hasAnyRole, PERSONAL_DATA_ROLES, Role, Roles } from '@lib/auth';
import { IdParam, Page } from '@lib/common';
import { CustomerListItem, CustomerSearchQuery, CustomerService, CustomerView, CustomerViewSchema, UpdateCustomerBody } from '@lib/customers';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomerService) {}

  /** Search by number, name prefix, mobile or org unit; mobiles are masked in the list. */
  @Get()
  search(@CurrentUser() user: AuthUser, @Query() query: CustomerSearchQuery): Promise<Page<CustomerListItem>> {
    return this.customers.search(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerViewSchema })
  view(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CustomerView> {
    return this.customers.view(id, user.scope, hasAnyRole(user, PERSONAL_DATA_ROLES));
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.BranchExecutor, Role.SegmentManager)
  @ApiOkResponse({ type: CustomerViewSchema })
  update(
    @CurrentUser() user: AuthUser,
    @Param() { id }: IdParam,
    @Body() body: UpdateCustomerBody,
  ): Promise<CustomerView> {
    return this.customers.update(id, user.scope, body, hasAnyRole(user, PERSONAL_DATA_ROLES));
  }
}
