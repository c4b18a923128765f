import { useMemo, type CSSProperties } from 'react';
import { Select } from 'antd';
import { useApi } from '../../shared/api/useApi.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { getUnit, listUnits } from './api.ts';

/** The aid units the user can see (their region's and those above it), as Select options. */
export function useUnitOptions() {
  const units = useApi((signal) => listUnits(signal), []);
  const options = useMemo(
    () => (units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
    [units.data],
  );
  return { options, loading: units.loading, error: units.error };
}

/** A unit's active staff (its helpers), as Select options; nothing until a unit is chosen. */
export function useStaffOptions(unitId: string | undefined) {
  const unit = useApi((signal) => getUnit(unitId ?? '', signal), [unitId], !unitId);
  const options = useMemo(
    () =>
      unitId && unit.data?.id === unitId
        ? unit.data.staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.position ? `${s.name} · ${s.position}` : s.name }))
        : [],
    [unit.data, unitId],
  );
  return { options, loading: unit.loading };
}

interface UnitSelectProps {
  value?: string | null | undefined;
  onChange?: (value: string | undefined) => void;
  style?: CSSProperties;
  allowClear?: boolean;
  placeholder?: string;
  'data-testid'?: string;
}

/** A Select of the visible aid units, searchable by name. */
export function UnitSelect({ value, onChange, style, allowClear = true, placeholder, ...rest }: UnitSelectProps) {
  const { t } = useI18n();
  const units = useUnitOptions();
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      style={style ?? { width: 220 }}
      placeholder={placeholder ?? t('visits.unitPlaceholder')}
      aria-label={t('visits.unit')}
      // The chosen id stays hidden until its name is known.
      value={units.loading ? undefined : (value ?? undefined)}
      loading={units.loading}
      options={units.options}
      onChange={(v) => onChange?.(v ?? undefined)}
      notFoundContent={t('visits.noUnits')}
      {...rest}
    />
  );
}

/** A Select of a unit's helpers; disabled until a unit is chosen. */
export function StaffSelect({ unitId, value, onChange, style, allowClear = true, placeholder, ...rest }: UnitSelectProps & { unitId: string | undefined }) {
  const { t } = useI18n();
  const staff = useStaffOptions(unitId);
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      disabled={!unitId}
      style={style ?? { width: 180 }}
      placeholder={placeholder ?? (unitId ? t('visits.helperPlaceholder') : t('visits.helperPickUnit'))}
      aria-label={t('visits.helper')}
      value={staff.loading ? undefined : (value ?? undefined)}
      loading={staff.loading}
      options={staff.options}
      onChange={(v) => onChange?.(v ?? undefined)}
      notFoundContent={t('visits.noHelpers')}
      {...rest}
    />
  );
}
