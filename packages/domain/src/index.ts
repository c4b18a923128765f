export * from './roles.ts';
export * from './region.ts';
export * from './errors.ts';
export * from './id-number.ts';
export * from './paging.ts';
export * from './password.ts';
export * from './registry.ts';
export * from './api.ts';
