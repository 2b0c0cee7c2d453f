export * from './campaign-conversions.view';
export { ConversionAttribution, SWEEP_SCHEDULER_ID } from './conversion-attribution.service';
export type { AttributionOutcome, PolicyQuery } from './conversion-attribution.service';
export { NOT_A_REAL_CONTACT } from './attribution-sql';
export { AttributionModule } from './attribution.module';
