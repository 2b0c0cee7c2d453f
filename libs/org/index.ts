export * from './org.module';
export * from './org-unit.entity';
export * from './user.entity';
export * from './org-unit.dto';
export * from './user.dto';
export * from './org-unit.service';
export * from './user.service';
