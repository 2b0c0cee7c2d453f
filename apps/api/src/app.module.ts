import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AnalyticsModule } from '@lib/analytics';
import { AuthGuard, AuthModule } from '@lib/auth';
import { BudgetsModule } from '@lib/budgets';
import { CallCentreModule } from '@lib/channels';
import { FieldTasksModule } from '@lib/channels';
import { ChannelsModule } from '@lib/channels';
import { CapacityModule } from '@lib/capacity';
import { CampaignsModule } from '@lib/campaigns';
import { AllExceptionsFilter } from '@lib/common';
import { ContactRulesModule } from '@lib/contact-rules';
import { CustomersModule } from '@lib/customers';
import { DispatchModule } from '@lib/dispatch';
import { EvaluationFormsModule } from '@lib/evaluation/forms';
import { ForecastModule } from '@lib/forecast';
import { ImportsModule } from '@lib/imports';
import { MessageTemplatesModule } from '@lib/message-templates';
import { NotificationsModule } from '@lib/notifications';
import { OffersModule } from '@lib/offers';
import { OrgModule } from '@lib/org';
import { AttributionModule } from '@lib/attribution';
import { CustomerDrillDownModule } from '@lib/analytics/customer-drill-down.module';
import { PlatformModule } from '@lib/platform';
import { SegmentsModule } from '@lib/segments';
import { TrackingModule } from '@lib/tracking';
import { ValueTiersModule } from '@lib/value-tiers';
import { WebChannelModule } from '@lib/channels';
import { EvaluationReportsModule } from '@lib/evaluation/reports';
import { AuthController } from './auth/auth.controller';
import { BudgetPoolsController } from './budgets/budget-pools.controller';
import { BudgetRaiseRequestsController } from './budgets/budget-raise-requests.controller';
import { CampaignBudgetsController } from './budgets/campaign-budgets.controller';
import { ChannelCapacitiesController } from './capacity/channel-capacities.controller';
import { ChannelSettingsController } from './capacity/channel-settings.controller';
import { ApprovalThresholdsController } from './campaigns/approval-thresholds.controller';
import { CampaignsController } from './campaigns/campaigns.controller';
import { ContactPoliciesController } from './contact-rules/contact-policies.controller';
import { DoNotCallController } from './contact-rules/do-not-call.controller';
import { CampaignForecastsController } from './forecast/campaign-forecasts.controller';
import { CampaignLaunchesController } from './dispatch/campaign-launches.controller';
import { CampaignProgressController } from './dispatch/campaign-progress.controller';
import { CampaignConversionsController } from './attribution/campaign-conversions.controller';
import { CustomerDrillDownController } from './analytics/customer-drill-down.controller';
import { CustomersController } from './customers/customers.controller';
import { ProductsController } from './customers/products.controller';
import { HealthController } from './health/health.controller';
import { ImportsController } from './imports/imports.controller';
import { MessageTemplatesController } from './message-templates/message-templates.controller';
import { BundlesController } from './offers/bundles.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { NextBestOffersController } from './offers/next-best-offers.controller';
import { OrgUnitsController } from './org/org-units.controller';
import { UsersController } from './org/users.controller';
import { SegmentSnapshotsController } from './segments/segment-snapshots.controller';
import { SegmentsController } from './segments/segments.controller';
import { CustomerContactHistoryController } from './tracking/customer-contact-history.controller';
import { ValueTiersController } from './value-tiers/value-tiers.controller';
import { DemoSiteController } from './web/demo-site.controller';
import { LeadsController } from './web/leads.controller';
import { WebOffersController } from './web/web-offers.controller';
import { CallsController } from './calls/calls.controller';
import { FieldTasksController } from './field-tasks/field-tasks.controller';
import { ChannelOverviewController } from './channels/channel-overview.controller';
import { EvaluationFormsController } from './evaluation/evaluation-forms.controller';
import { CampaignAnalyticsController } from './analytics/campaign-analytics.controller';
import { EvaluationReportsController } from './evaluation/evaluation-reports.controller';

/** The HTTP API: wires the domain modules in libs/ to their controllers. */
@Module({
  imports: [
    PlatformModule,
    AuthModule,
    OrgModule,
    CustomersModule,
    ImportsModule,
    SegmentsModule,
    ValueTiersModule,
    ContactRulesModule,
    OffersModule,
    CampaignsModule,
    AttributionModule,
    CustomerDrillDownModule,
    BudgetsModule,
    CapacityModule,
    ForecastModule,
    NotificationsModule,
    TrackingModule,
    DispatchModule,
    MessageTemplatesModule,
    WebChannelModule,
    CallCentreModule,
    FieldTasksModule,
    ChannelsModule,
    EvaluationFormsModule,
    AnalyticsModule,
    EvaluationReportsModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    OrgUnitsController,
    UsersController,
    CustomersController,
    ProductsController,
    ImportsController,
    SegmentsController,
    CampaignsController,
    BudgetPoolsController,
    CampaignBudgetsController,
    BudgetRaiseRequestsController,
    ChannelCapacitiesController,
    ChannelSettingsController,
    ApprovalThresholdsController,
    SegmentSnapshotsController,
    ValueTiersController,
    ContactPoliciesController,
    DoNotCallController,
    BundlesController,
    NextBestOffersController,
    CampaignForecastsController,
    CampaignLaunchesController,
    CampaignProgressController,
    CampaignConversionsController,
    CustomerDrillDownController,
    NotificationsController,
    CustomerContactHistoryController,
    MessageTemplatesController,
    WebOffersController,
    LeadsController,
    DemoSiteController,
    CallsController,
    FieldTasksController,
    ChannelOverviewController,
    EvaluationFormsController,
    CampaignAnalyticsController,
    EvaluationReportsController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AppModule {}
