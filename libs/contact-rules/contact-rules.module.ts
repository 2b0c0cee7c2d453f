import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SegmentsModule } from '@lib/segments';
import { ContactCheckService } from './contact-check.service';
import { ContactEligibility } from './contact-eligibility.service';
import { ContactPolicy } from './contact-policy.entity';
import { ContactPolicyService } from './contact-policy.service';
import { DoNotCall } from './do-not-call.entity';
import { DoNotCallService } from './do-not-call.service';

/** Contact rules: the policies, the do-not-call list and who may be contacted on which channel. */
@Module({
  imports: [TypeOrmModule.forFeature([ContactPolicy, DoNotCall]), SegmentsModule],
  providers: [ContactPolicyService, DoNotCallService, ContactEligibility, ContactCheckService],
  exports: [ContactPolicyService, DoNotCallService, ContactEligibility, ContactCheckService],
})
export class ContactRulesModule {}
