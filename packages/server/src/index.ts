export { buildApp, API_PREFIX } from './app.ts';
export { openDatabase, type Database, type Engine } from './kernel/db/database.ts';
export { migrateToLatest } from './kernel/db/migrator.ts';
export { loadRegions } from './features/regions/loader.ts';
export { loadDemo, DEMO_COUNTY } from './demo/demo.loader.ts';
export { generateDemoCounty } from './demo/demo.generator.ts';
export { loadConfig, type Config } from './config.ts';
