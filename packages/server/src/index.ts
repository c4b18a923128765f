export { buildApp, API_PREFIX } from './http/app.ts';
export { openDatabase, type Database, type Engine } from './db/database.ts';
export { migrateToLatest } from './db/migrator.ts';
export { loadRegions } from './modules/regions/region.loader.ts';
export { loadDemo, DEMO_COUNTY } from './demo/demo.loader.ts';
export { generateDemoCounty } from './demo/demo.generator.ts';
export { loadConfig, type Config } from './config.ts';
