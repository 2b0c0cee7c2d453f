export * from './demo-catalogue';
export * from './demo-csv';
export * from './demo-generator';
export * from './demo-loader';
export * from './demo-logins';
export * from './id-number';
export * from './jiangsu-org';
export * from './seeded-random';
