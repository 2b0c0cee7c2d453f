import { Injectable, OnModuleInit } from '@nestjs/common';
import { CampaignCloseChecks } from '@lib/campaigns';
import { closingRefusal } from './owed-reports';

/**
 * A completed campaign is closed by its last report's approval (EvaluationReportService),
 * so closing it by hand is refused while a participating branch's report of an occasion
 * come due is not made yet or not approved (closingRefusal), naming them. One that owes
 * no report (no participating branch, no form) closes.
 */
@Injectable()
export class ReportCloseCheck implements OnModuleInit {
  constructor(private readonly closeChecks: CampaignCloseChecks) {}

  onModuleInit(): void {
    this.closeChecks.register({ name: 'evaluation-reports', refusal: closingRefusal });
  }
}
