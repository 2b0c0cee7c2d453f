import { Injectable } from '@nestjs/common';
import { OrgScope } from '@lib/auth';
import { ValidationError } from '@lib/common';
import { SegmentService } from '@lib/segments';
import { ContactCheckBody } from './contact-check.dto';
import { ContactEligibility } from './contact-eligibility.service';
import type { ContactCheckResult } from './contact-policy.view';
import { ContactPolicyService } from './contact-policy.service';

/** Who of a segment (or a rule's audience) a policy lets us contact, on which channel, and why not the others. */
@Injectable()
export class ContactCheckService {
  constructor(
    private readonly policies: ContactPolicyService,
    private readonly segments: SegmentService,
    private readonly eligibility: ContactEligibility,
  ) {}

  async check(scope: OrgScope, policyId: number, body: ContactCheckBody): Promise<ContactCheckResult> {
    if ((body.segmentId === undefined) === (body.rule === undefined)) {
      throw new ValidationError([{ field: 'segmentId', code: 'segment_or_rule' }]);
    }
    const policy = await this.policies.load(policyId);
    const audience = await this.segments.audienceOf(scope, { segmentId: body.segmentId, rule: body.rule });
    return this.eligibility.check(scope, audience, policy, {
      channels: body.channels,
      at: body.at ? new Date(body.at) : new Date(),
      purpose: body.purpose ?? 'sales',
      campaignId: body.campaignId,
      priority: body.priority,
    });
  }
}
