export * from './budgets.module';
export * from './budget.view';
export * from './budget.dto';
export * from './budget-roles';
export * from './budget-guard';
export * from './budget-commitment';
export * from './budget-pool.service';
export * from './campaign-budget.service';
