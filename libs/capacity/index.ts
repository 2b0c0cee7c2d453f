export * from './capacity.module';
export * from './capacity.view';
export * from './capacity.dto';
export * from './capacity-roles';
export * from './capacity-commitment';
export * from './channel-capacity.service';
export * from './demo-capacity';
