#!/usr/bin/env node
// Runs the date-sensitive suites on the days that break calendars, each on the product's clock set by
// JINGZHUN_TODAY: the year's last day, 29 February of a leap year, and the eve of a seven-day holiday
// (National Day 2026). Files given as arguments replace the suites; options (--…) go to vitest as they are.
import { spawnSync } from 'node:child_process';

const DAYS = ['2026-12-31', '2028-02-29', '2026-09-30'];
const SUITES = [
  'packages/domain/test',
  'packages/server/test/demo.test.ts',
  'packages/server/test/visits.test.ts',
  'packages/server/test/procedures.test.ts',
  'packages/server/test/adjustments.test.ts',
  'packages/server/test/monitoring.test.ts',
  'packages/server/test/stats.test.ts',
  'packages/server/test/reports.test.ts',
];

const args = process.argv.slice(2);
const options = args.filter((a) => a.startsWith('-'));
const given = args.filter((a) => !a.startsWith('-'));
const files = given.length > 0 ? given : SUITES;
for (const day of DAYS) {
  console.log(`\n== the date-sensitive suites on ${day} ==`);
  const run = spawnSync('npx', ['vitest', 'run', ...options, ...files], { stdio: 'inherit', env: { ...process.env, JINGZHUN_TODAY: day } });
  if (run.status !== 0) {
    console.error(`the date-sensitive suites failed on ${day}`);
    process.exit(run.status ?? 1);
  }
}
