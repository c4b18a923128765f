import { useState, type CSSProperties } from 'react';
import { Select, Spin, Typography } from 'antd';
import { useApi } from '../../shared/api/useApi.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { useDebouncedSearch } from '../../shared/lib/useDebouncedSearch.ts';
import { getHousehold, listHouseholds } from './api.ts';

interface HouseholdOption {
  id: string;
  headName: string;
  householdNo: string;
}

/**
 * A Select of one household of a region, searched by the head's name, its initials or the household
 * number (debounced); a household chosen earlier (from the URL) is named by loading it.
 */
export function HouseholdSelect({ region, value, onChange, style }: { region: string; value: string | undefined; onChange: (id: string | undefined) => void; style?: CSSProperties }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const found = useDebouncedSearch(text, (q, signal) => listHouseholds({ page: 1, pageSize: 10, q, region }, signal), { deps: [region] });
  const hits: HouseholdOption[] = (found.data?.items ?? []).map((h) => ({ id: h.id, headName: h.headName, householdNo: h.householdNo }));
  const chosen = useApi((signal) => getHousehold(value ?? '', undefined, signal), [value], !value);

  const known = chosen.data && chosen.data.id === value ? { id: chosen.data.id, headName: chosen.data.headName, householdNo: chosen.data.householdNo } : undefined;
  const rows = known && !hits.some((h) => h.id === known.id) ? [known, ...hits] : hits;
  return (
    <Select<string>
      allowClear
      style={style ?? { width: 200 }}
      placeholder={t('visits.householdPlaceholder')}
      aria-label={t('visits.household')}
      value={value}
      showSearch={{ filterOption: false, onSearch: setText }}
      notFoundContent={found.searching ? <Spin size="small" /> : (found.failure ?? t('visits.householdSearchHint'))}
      options={rows.map((h) => ({
        value: h.id,
        label: (
          <span>
            {h.headName}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.householdNo}
            </Typography.Text>
          </span>
        ),
      }))}
      onChange={(id) => onChange(id ?? undefined)}
      data-testid="visits-household"
    />
  );
}
