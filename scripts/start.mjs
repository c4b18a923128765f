#!/usr/bin/env node
// `npm start`: builds the web UI when its bundle is missing or older than its sources, then serves.
import { buildWebIfStale } from './build-web.mjs';

if (!buildWebIfStale()) process.exit(1);

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../packages/server/src/main.ts');
await main();
