import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactEligibility } from './contact-eligibility.service';
import { ContactPolicy } from './contact-policy.entity';
import { ContactPolicyService } from './contact-policy.service';
import { DoNotCall } from './do-not-call.entity';
import { DoNotCallService } from './do-not-call.service';

/** Contact rules: the policies, the do-not-call list and who may be contacted on which channel. */
@Module({
  imports: [TypeOrmModule.forFeature([ContactPolicy, DoNotCall])],
  providers: [ContactPolicyService, DoNotCallService, ContactEligibility],
  exports: [ContactPolicyService, DoNotCallService, ContactEligibility],
})
export class ContactRulesModule {}
