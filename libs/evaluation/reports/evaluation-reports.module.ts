import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { MailModule } from '@lib/mail';
import { NotificationsModule } from '@lib/notifications';
import { QueueModule } from '@lib/queue';
import { BranchFigures } from '../branch-figures';
import { EvaluationFormsModule } from '../forms/evaluation-forms.module';
import { EvaluationReportService } from './evaluation-report.service';
import { ReportCloseCheck } from './report-close-check';
import { ReportCreation } from './report-creation.service';
import { ReportDocuments } from './report-documents.service';
import { ReportJobs } from './report-jobs';
import { ReportReminders } from './report-reminders.service';

/** Branch evaluation reports: created at completion and checkpoints, prefilled, filed, reviewed, reminded, compared and printed. */
@Module({
  imports: [CampaignsModule, EvaluationFormsModule, MailModule, NotificationsModule, QueueModule],
  providers: [BranchFigures, ReportCreation, ReportCloseCheck, EvaluationReportService, ReportReminders, ReportDocuments, ReportJobs],
  exports: [BranchFigures, ReportCreation, EvaluationReportService, ReportReminders, ReportDocuments, ReportJobs],
})
export class EvaluationReportsModule {}
