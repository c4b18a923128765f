import { useState, type CSSProperties } from 'react';
import { Select, Spin, Typography } from 'antd';
import type { RegionRef } from '../auth/session.ts';
import { searchRegions, type RegionHit } from '../api/regions.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useDebouncedSearch } from '../lib/useDebouncedSearch.ts';

interface Props {
  /** The user's own region: paths are shown from there down. */
  root: RegionRef;
  onPick: (region: RegionRef) => void;
  style?: CSSProperties;
}

/** A search box over region names and pinyin initials (`tdx` finds 田东县), within the user's region. */
export function RegionSearch({ root, onPick, style }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  // Remounting after a pick clears the box without fighting Select's own state.
  const [generation, setGeneration] = useState(0);
  const found = useDebouncedSearch(text, (q, signal) => searchRegions(q, 20, signal));
  const hits = found.data?.items ?? [];

  const context = (hit: RegionHit) => {
    const start = hit.path.findIndex((r) => r.code === root.code);
    const above = (start >= 0 ? hit.path.slice(start) : hit.path).filter((r) => r.code !== hit.code);
    return above.map((r) => r.name).join(' / ');
  };

  return (
    <Select<string>
      key={generation}
      style={style}
      placeholder={t('region.search')}
      aria-label={t('region.search')}
      showSearch={{ filterOption: false, onSearch: setText }}
      suffixIcon={null}
      notFoundContent={found.searching ? <Spin size="small" /> : (found.failure ?? t('region.noResults'))}
      options={hits.map((hit) => ({
        value: hit.code,
        label: (
          <span>
            {hit.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {context(hit)}
            </Typography.Text>
          </span>
        ),
      }))}
      onSelect={(code: string) => {
        const hit = hits.find((h) => h.code === code);
        if (hit) onPick({ code: hit.code, name: hit.name, level: hit.level });
        setText('');
        setGeneration((g) => g + 1);
      }}
      popupMatchSelectWidth={320}
    />
  );
}
