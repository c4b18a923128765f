import { familyLabel, type Lang } from '@jingzhun/domain';
import type { MeasureCatalogue } from './api.ts';

/** Tag colours of measure statuses: planned is quiet, running is blue, done is green, cancelled grey. */
export const MEASURE_STATUS_COLORS: Record<string, string> = { planned: 'default', in_progress: 'processing', done: 'success', cancelled: 'default' };

/** The label of a measure family from the region's catalogue (which may add families), the key while it loads. */
export function familyName(catalogue: MeasureCatalogue | undefined, key: string, lang: Lang): string {
  return catalogue ? familyLabel(catalogue, key, lang) : key;
}

/** The options of a family Select: the catalogue's families in its order. */
export function familyOptions(catalogue: MeasureCatalogue | undefined, lang: Lang) {
  return (catalogue?.families ?? []).map((f) => ({ value: f.key, label: f.labels[lang] }));
}

/** Dates as a period: "2024-03-01 ~ 2025-02-28", or open-ended with the word for "now". */
export function period(startsOn: string, endsOn: string | null, now: string): string {
  return `${startsOn} ~ ${endsOn ?? now}`;
}

/** How a pairing stands on a date: open-ended, ending on a date still to come (inclusive), or over. */
export function pairingState(endsOn: string | null, today: string): 'current' | 'ending' | 'ended' {
  if (endsOn === null) return 'current';
  return endsOn >= today ? 'ending' : 'ended';
}

/** Whether a period (end inclusive) still runs on a date. */
export function isCurrent(endsOn: string | null, today: string): boolean {
  return endsOn === null || endsOn >= today;
}
