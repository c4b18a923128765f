import { useState } from 'react';
import { Flex, Select } from 'antd';
import { getUnit, listUnits } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';

interface Props {
  /** The chosen helper's staff id. */
  value?: string | undefined;
  onChange?: (staffId: string | undefined) => void;
  id?: string;
  status?: '' | 'error' | 'warning';
}

/** A form control for a helper (帮扶责任人): first the aid unit, then one of its active staff. */
export function HelperPicker({ value, onChange, id, status }: Props) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const units = useApi((signal) => listUnits(signal), []);
  const unit = useApi((signal) => getUnit(unitId ?? '', signal), [unitId], unitId === undefined);
  const staff = unit.data && unit.data.id === unitId ? unit.data.staff.filter((s) => s.active) : [];

  return (
    <Flex gap={8} wrap>
      <Select<string>
        style={{ flex: '1 1 200px', minWidth: 0 }}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('assistance.helperPicker.unit')}
        aria-label={t('assistance.helperPicker.unit')}
        loading={units.loading}
        value={unitId}
        status={units.error !== undefined ? 'error' : status}
        options={(units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        notFoundContent={units.error !== undefined ? t('assistance.helperPicker.unitsFailed') : t('assistance.helperPicker.noUnits')}
        onChange={(next) => {
          setUnitId(next);
          onChange?.(undefined);
        }}
        data-testid="helper-picker-unit"
      />
      <Select<string>
        id={id}
        style={{ flex: '1 1 200px', minWidth: 0 }}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('assistance.helperPicker.staff')}
        aria-label={t('assistance.helperPicker.staff')}
        disabled={unitId === undefined}
        loading={unit.loading}
        value={value}
        status={status}
        options={staff.map((s) => ({ value: s.id, label: s.position ? `${s.name} · ${s.position}` : s.name }))}
        notFoundContent={t('assistance.helperPicker.noStaff')}
        onChange={onChange}
        data-testid="helper-picker-staff"
      />
    </Flex>
  );
}
