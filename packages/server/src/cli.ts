import { parseArgs } from 'node:util';
import { openConfiguredDatabase, prepareDatabase } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest } from './kernel/db/migrator.ts';
import { DEMO_COUNTY, DEMO_PERSONS, DEMO_SEED, loadDemo } from './demo/demo.loader.ts';
import { main } from './main.ts';
import { loadRegions } from './features/regions/loader.ts';

const USAGE = `Usage: jingzhun <command>

  serve                               start the server (what npm start runs)
  migrate                             apply pending migrations
  regions load [--county 451022]      load all regions of China, or one county with its ancestors
  demo load [--persons N] [--seed S] [--county C]
                                      load the demo county into an empty registry (default 52,000 persons)
  prepare                             migrations, regions and demo as npm start would, then exit

The database is PGlite in ./data (JINGZHUN_DATA_DIR), or the server in DATABASE_URL.`;

async function withDatabase(run: (database: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<void>) {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await run(database);
  } finally {
    await database.close();
  }
}

async function cli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      county: { type: 'string' },
      persons: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  const log = (m: string) => console.log(m);
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'serve') {
    await main();
    return -1;
  }
  if (command === 'migrate') {
    await withDatabase(async (database) => {
      const applied = await migrateToLatest(database.db);
      log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
    });
    return 0;
  }
  if (command === 'regions' && sub === 'load') {
    if (values.county !== undefined && !/^\d{6}$/.test(values.county)) throw new Error('--county takes a 6-digit county code');
    await withDatabase(async (database) => {
      await migrateToLatest(database.db);
      const r = await loadRegions(database, { county: values.county, onProgress: log });
      await database.analyze();
      log(`regions: ${r.inserted} loaded in ${r.ms} ms; by level ${JSON.stringify(r.byLevel)}`);
    });
    return 0;
  }
  if (command === 'demo' && sub === 'load') {
    const persons = values.persons ? Number(values.persons) : DEMO_PERSONS;
    const seed = values.seed ? Number(values.seed) : DEMO_SEED;
    if (!Number.isInteger(persons) || persons < 1) throw new Error('--persons takes a positive whole number');
    if (!Number.isInteger(seed)) throw new Error('--seed takes a whole number');
    const config = loadConfig();
    await withDatabase(async (database) => {
      await migrateToLatest(database.db);
      const r = await loadDemo(database, {
        password: config.JINGZHUN_DEMO_PASSWORD,
        persons,
        seed,
        countyCode: values.county ?? DEMO_COUNTY,
        onProgress: log,
      });
      await database.analyze();
      log(`demo: ${r.households} households, ${r.persons} persons, rural population 2015 ${r.ruralPopulation2015}, ${r.ms} ms`);
    });
    return 0;
  }
  if (command === 'prepare') {
    const config = loadConfig();
    await withDatabase(async (database) => {
      await prepareDatabase(database, config, log);
    });
    return 0;
  }
  console.error(`Unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
  return 1;
}

cli(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
