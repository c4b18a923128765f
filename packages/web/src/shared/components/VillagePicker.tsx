import type { CSSProperties } from 'react';
import { isRegionCode } from '@jingzhun/domain';
import type { RegionRef } from '../auth/session.ts';
import { getRegion } from '../api/regions.ts';
import { useApi } from '../api/useApi.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { RegionCascader } from './RegionCascader.tsx';

interface Props {
  value?: string;
  onChange?: (code: string) => void;
  style?: CSSProperties;
}

/**
 * A form control for the village of a household: the region tree from the user's own region down,
 * holding whichever region was picked last so that a form rule can ask for a village (see `isVillageCode`).
 */
export function VillagePicker({ value, onChange, style }: Props) {
  const me = useMe();
  const { t } = useI18n();
  const code = value ?? '';
  const region = useApi((signal) => getRegion(code, signal), [code], !isRegionCode(code));
  const root: RegionRef = { code: me.region.code, name: me.region.name, level: me.region.level };
  const found = region.data?.code === code && region.error === undefined ? region.data : undefined;
  // The path from the user's own region down, as the cascader shows it.
  const start = found ? found.path.findIndex((r) => r.code === me.region.code) : -1;
  const path = found && start >= 0 ? found.path.slice(start) : undefined;
  const valuePath = path && path.at(-1)?.code !== found?.code && found ? [...path, { code: found.code, name: found.name, level: found.level }] : path;

  return (
    <RegionCascader
      root={root}
      {...(valuePath ? { valuePath } : {})}
      onPick={(r) => onChange?.(r.code)}
      style={style ?? { width: '100%' }}
      placeholder={t('household.villagePlaceholder')}
    />
  );
}

/** Whether a code names a village: 12 digits (2 + 2 + 2 + 3 + 3). */
export function isVillageCode(code: string | undefined): boolean {
  return typeof code === 'string' && /^\d{12}$/.test(code);
}
