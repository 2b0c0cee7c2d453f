export * from './value-tier-settings.entity';
export * from './value-tier-settings.dto';
export * from './value-tier.view';
export * from './value-tier-defaults';
export * from './value-tier.service';
export * from './value-tiers.module';
export * from './value-tier-roles';
