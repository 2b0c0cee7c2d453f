export * from './domain-error';
export * from './all-exceptions.filter';
export * from './validation';
export * from './paging';
export * from './id-param.dto';
export * from './local-time';
export * from './text-fields';
export * from './money';
