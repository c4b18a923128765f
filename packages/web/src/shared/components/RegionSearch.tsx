import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select, Spin, Typography } from 'antd';
import type { RegionRef } from '../auth/session.ts';
import { searchRegions, type RegionHit } from '../api/regions.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Props {
  /** The user's own region: paths are shown from there down. */
  root: RegionRef;
  onPick: (region: RegionRef) => void;
  style?: CSSProperties;
}

/** A search box over region names and pinyin initials (`tdx` finds 田东县), within the user's region. */
export function RegionSearch({ root, onPick, style }: Props) {
  const { t } = useI18n();
  const [hits, setHits] = useState<RegionHit[]>([]);
  const [searching, setSearching] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Remounting after a pick clears the box without fighting Select's own state.
  const [generation, setGeneration] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);

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
      setHits([]);
      setSearching(false);
      return;
    }
    setSearching(true);
    // Wait for a pause in typing so each keystroke does not cost a request.
    timer.current = setTimeout(() => {
      const c = new AbortController();
      controller.current = c;
      searchRegions(q, 20, c.signal).then(
        (page) => {
          if (c.signal.aborted) return;
          setHits(page.items);
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
      showSearch={{ filterOption: false, onSearch: search }}
      suffixIcon={null}
      notFoundContent={searching ? <Spin size="small" /> : (failure ?? t('region.noResults'))}
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
        setHits([]);
        setGeneration((g) => g + 1);
      }}
      popupMatchSelectWidth={320}
    />
  );
}
