import { createContext, useContext, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { StatFigure } from '@jingzhun/domain';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatNumber } from '../../shared/lib/format.ts';
import { drillHref } from './drill.ts';

/** The region and year the figures on screen are of: every link opens the households of the same. */
export interface StatsScope {
  region: string;
  year: number;
}

const ScopeContext = createContext<StatsScope | null>(null);

/** Gives the figures below the region and year their links open. */
export function StatsScopeProvider({ scope, children }: { scope: StatsScope; children: ReactNode }) {
  return <ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>;
}

/** The region and year of the dashboard. */
export function useStatsScope(): StatsScope {
  const scope = useContext(ScopeContext);
  if (!scope) throw new Error('useStatsScope outside StatsScopeProvider');
  return scope;
}

interface Props {
  figure: StatFigure;
  /** Which count to show: households (the default) or the persons in them. */
  of?: 'households' | 'persons';
  /** Another region than the dashboard's (a child's row). */
  region?: string;
  /** Text to show instead of the count (a percentage that opens the same list). */
  children?: ReactNode;
  'data-testid'?: string;
}

/** A count that opens the household list it counted. */
export function FigureLink({ figure, of = 'households', region, children, 'data-testid': testId }: Props) {
  const scope = useStatsScope();
  const { lang } = useI18n();
  return (
    <Link to={drillHref(region ?? scope.region, scope.year, figure.drill)} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {children ?? formatNumber(figure[of], lang)}
    </Link>
  );
}
