import type { PolicyProfile } from './contract.ts';

// The poverty and monitoring lines by year, each carried forward until a later year names a new one.

/** The entry of a line table in force in a year: that year's, else the latest earlier one. */
export function carried(table: Record<string, number>, year: number): { value: number; year: number } | null {
  let best: number | null = null;
  for (const key of Object.keys(table)) {
    const y = Number(key);
    if (y <= year && (best === null || y > best)) best = y;
  }
  return best === null ? null : { value: table[String(best)] as number, year: best };
}

/** The line in force in a year: that year's entry, else the latest earlier one (and which year it is). */
export function lineFor(
  profile: Pick<PolicyProfile, 'lines'>,
  kind: 'poverty' | 'monitoring',
  year: number,
): { value: number; year: number } | null {
  return carried(profile.lines[kind], year);
}
