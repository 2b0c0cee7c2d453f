export * from './forecast.view';
export * from './forecast.dto';
export * from './forecast-priors';
export * from './campaign-forecast.service';
export * from './forecast-plan-check';
export * from './forecast.module';
