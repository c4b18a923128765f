import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isRegionCode } from '@jingzhun/domain';
import type { RegionRef } from '../auth/session.ts';
import { ApiError } from '../api/client.ts';
import { getRegion, type RegionDetail } from '../api/regions.ts';
import { useApi } from '../api/useApi.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface RegionValue {
  /** The selected region code: `?region=` or the user's own region. */
  code: string;
  /** The selected region once loaded (it stays on the previous one while the next loads). */
  detail: RegionDetail | undefined;
  loading: boolean;
  error: unknown;
  /** The path from the user's own region down to the selected one: never above the user's region. */
  scopePath: RegionRef[];
  /** Selects another region, keeping the other query parameters. */
  select: (code: string) => void;
  /** The `?…` of a link to `code`, keeping the other query parameters. */
  searchFor: (code: string) => string;
}

const RegionContext = createContext<RegionValue | null>(null);

/** Keeps the selected region in the URL (`?region=451022`) so every view can be linked. */
export function RegionProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const code = params.get('region') ?? me.region.code;
  const valid = isRegionCode(code);

  const state = useApi((signal) => getRegion(code, signal), [code], !valid);
  const error = useMemo(
    () => (valid ? state.error : new ApiError('region_not_found', t('region.invalidCode'), 400)),
    [valid, state.error, t],
  );
  const detail = valid && !state.error ? state.data : undefined;

  const scopePath = useMemo<RegionRef[]>(() => {
    const own: RegionRef = { code: me.region.code, name: me.region.name, level: me.region.level };
    if (!detail) return [own];
    const start = detail.path.findIndex((r) => r.code === me.region.code);
    const path = start >= 0 ? detail.path.slice(start) : [own];
    // The server's path ends at the region itself; add it when a server leaves it out.
    return path.at(-1)?.code === detail.code ? path : [...path, { code: detail.code, name: detail.name, level: detail.level }];
  }, [detail, me.region]);

  const searchFor = useCallback(
    (next: string) => {
      const copy = new URLSearchParams(params);
      copy.set('region', next);
      return `?${copy.toString()}`;
    },
    [params],
  );

  const select = useCallback(
    (next: string) => {
      setParams((prev) => {
        const copy = new URLSearchParams(prev);
        copy.set('region', next);
        return copy;
      });
    },
    [setParams],
  );

  const value = useMemo<RegionValue>(
    () => ({ code, detail, loading: state.loading, error, scopePath, select, searchFor }),
    [code, detail, state.loading, error, scopePath, select, searchFor],
  );
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

/** The selected region and how to change it. */
export function useRegion(): RegionValue {
  const value = useContext(RegionContext);
  if (!value) throw new Error('useRegion outside RegionProvider');
  return value;
}
