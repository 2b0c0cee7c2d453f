export * from './campaign-conversions.view';
export { ConversionAttribution } from './conversion-attribution.service';
export { AttributionJobs, SWEEP_SCHEDULER_ID } from './attribution-jobs';
export type { AttributionOutcome, PolicyQuery } from './conversion-attribution.service';
export { AttributionModule } from './attribution.module';
export { seedDemoHistory } from './demo-history';
export type { DemoHistory, DemoHistoryServices } from './demo-history';
