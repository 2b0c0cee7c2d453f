import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrgUnit } from './org-unit.entity';
import { OrgUnitService } from './org-unit.service';
import { User } from './user.entity';
import { UserService } from './user.service';

/** The org tree and the users who work in it. */
@Module({
  imports: [TypeOrmModule.forFeature([OrgUnit, User])],
  providers: [OrgUnitService, UserService],
  exports: [OrgUnitService, UserService],
})
export class OrgModule {}
