import type { CSSProperties } from 'react';
import { DASH } from '../lib/format.ts';

/** A count shown with a dash for none, in tabular figures. */
export function Num({ value, style }: { value: number | string | null | undefined; style?: CSSProperties }) {
  return <span style={{ fontVariantNumeric: 'tabular-nums', ...style }}>{value === null || value === undefined ? DASH : value}</span>;
}
