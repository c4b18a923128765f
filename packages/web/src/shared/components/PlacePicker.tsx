import type { CSSProperties } from 'react';
import { isRegionCode } from '@jingzhun/domain';
import { getRegion } from '../api/regions.ts';
import { useApi } from '../api/useApi.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import type { RegionRef } from '../auth/session.ts';
import { RegionCascader } from './RegionCascader.tsx';

interface PlacePickerProps {
  value?: string;
  onChange?: (code: string) => void;
  placeholder?: string;
  style?: CSSProperties;
}

/** A form control for a region inside the user's own (a township or a village), picked from the tree. */
export function PlacePicker({ value, onChange, placeholder, style }: PlacePickerProps) {
  const me = useMe();
  const code = value ?? '';
  const region = useApi((signal) => getRegion(code, signal), [code], !isRegionCode(code));
  const root: RegionRef = { code: me.region.code, name: me.region.name, level: me.region.level };
  const found = region.data?.code === code && region.error === undefined ? region.data : undefined;
  const start = found ? found.path.findIndex((r) => r.code === me.region.code) : -1;
  const path = found && start >= 0 ? found.path.slice(start) : undefined;
  const valuePath = path && found && path.at(-1)?.code !== found.code ? [...path, { code: found.code, name: found.name, level: found.level }] : path;
  return (
    <RegionCascader
      root={root}
      {...(valuePath ? { valuePath } : {})}
      onPick={(r) => onChange?.(r.code)}
      style={style ?? { width: '100%' }}
      {...(placeholder ? { placeholder } : {})}
    />
  );
}
