#!/usr/bin/env node
// Runs the server suites once more with their files and tests in a random order (vitest's
// sequence.shuffle), to prove that no test leans on another having run before it. The seed is printed;
// `npm run test:shuffled -- --seed=N` replays an order. On the embedded engine only: the order, not the
// engine, is what this run tests. Files given as arguments replace the suites; other options go to vitest.
import { randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const seedArg = args.find((a) => a.startsWith('--seed='));
const seed = seedArg ? Number(seedArg.slice('--seed='.length)) : randomInt(1, 2 ** 31 - 1);
if (!Number.isSafeInteger(seed) || seed <= 0) {
  console.error(`--seed must be a positive integer, not ${seedArg}`);
  process.exit(2);
}
const rest = args.filter((a) => a !== seedArg);
const files = rest.filter((a) => !a.startsWith('-'));
const options = rest.filter((a) => a.startsWith('-'));

console.log(`\n== the server suites in random order, seed ${seed} (replay: npm run test:shuffled -- --seed=${seed}) ==`);
const env = { ...process.env };
delete env.TEST_DATABASE_URL;
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--sequence.shuffle', `--sequence.seed=${seed}`, ...options, ...(files.length > 0 ? files : ['packages/server/test'])],
  { stdio: 'inherit', env },
);
if (run.status !== 0) console.error(`the server suites failed in the order of seed ${seed}: npm run test:shuffled -- --seed=${seed}`);
process.exit(run.status ?? 1);
