import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { MailModule } from '@lib/mail';
import { QueueModule } from '@lib/queue';
import { BranchFigures } from '../branch-figures';
import { EvaluationReportService } from './evaluation-report.service';
import { ReportCreation } from './report-creation.service';
import { ReportDocuments } from './report-documents.service';
import { ReportForms } from './report-forms';
import { ReportJobs } from './report-jobs';
import { ReportReminders } from './report-reminders.service';

/** Branch evaluation reports: created at completion and checkpoints, prefilled, filed, reviewed, reminded, compared and printed. */
@Module({
  imports: [CampaignsModule, MailModule, QueueModule],
  providers: [BranchFigures, ReportForms, ReportCreation, EvaluationReportService, ReportReminders, ReportDocuments, ReportJobs],
  exports: [BranchFigures, ReportForms, ReportCreation, EvaluationReportService, ReportReminders, ReportDocuments, ReportJobs],
})
export class EvaluationReportsModule {}
