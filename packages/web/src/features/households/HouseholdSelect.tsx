import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select, Spin, Typography } from 'antd';
import { useApi } from '../../shared/api/useApi.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
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
  const [hits, setHits] = useState<HouseholdOption[]>([]);
  const [searching, setSearching] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const chosen = useApi((signal) => getHousehold(value ?? '', undefined, signal), [value], !value);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  const search = (text: string) => {
    clearTimeout(timer.current);
    controller.current?.abort();
    const q = text.trim();
    setFailure(null);
    if (!q) {
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      const c = new AbortController();
      controller.current = c;
      listHouseholds({ page: 1, pageSize: 10, q, region }, c.signal).then(
        (page) => {
          if (c.signal.aborted) return;
          setHits(page.items.map((h) => ({ id: h.id, headName: h.headName, householdNo: h.householdNo })));
          setSearching(false);
        },
        (e: unknown) => {
          if (c.signal.aborted) return;
          setHits([]);
          setFailure(e instanceof Error ? e.message : String(e));
          setSearching(false);
        },
      );
    }, 250);
  };

  const known = chosen.data && chosen.data.id === value ? { id: chosen.data.id, headName: chosen.data.headName, householdNo: chosen.data.householdNo } : undefined;
  const rows = known && !hits.some((h) => h.id === known.id) ? [known, ...hits] : hits;
  return (
    <Select<string>
      allowClear
      style={style ?? { width: 200 }}
      placeholder={t('visits.householdPlaceholder')}
      aria-label={t('visits.household')}
      value={value}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={searching ? <Spin size="small" /> : (failure ?? t('visits.householdSearchHint'))}
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
