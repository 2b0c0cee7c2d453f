export * from './offers.module';
export * from './bundle.entity';
export * from './bundle.dto';
export * from './bundle.service';
export * from './next-best-offer.service';
export * from './acceptance-rate';
export * from './eligibility-reason';
export * from './demo-bundles';
