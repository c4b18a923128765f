import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Flex, Input, Select, Spin, Typography } from 'antd';
import { can, isRegionCode } from '@jingzhun/domain';
import type { RegionRef } from '../../api/auth.ts';
import { getUnit, listUnits } from '../../api/assistance.ts';
import { getHousehold, listHouseholds } from '../../api/households.ts';
import { getRegion } from '../../api/regions.ts';
import { useApi } from '../../api/useApi.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { RegionCascader } from '../../components/RegionCascader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { chinaDate, DASH } from '../../lib/format.ts';
import { useRegion } from '../shell/RegionContext.tsx';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first year the registry holds (精准扶贫 began in 2014). */
export const FIRST_YEAR = 2014;

/** This year in China, where the registry's dates are. */
export function thisYear(): number {
  return Number(chinaDate().slice(0, 4));
}

/** The years a picker offers, newest first: this year back to 2014. */
export function yearOptions(): Array<{ value: number; label: string }> {
  const last = thisYear();
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => ({ value: last - i, label: String(last - i) }));
}

/** A positive whole number from a query parameter, or undefined. */
export function positiveInt(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : undefined;
}

/** An id (digits) from a query parameter, or undefined. */
export function idParam(value: string | null): string | undefined {
  return value !== null && /^\d{1,18}$/.test(value) ? value : undefined;
}

/** A whole date from a query parameter, or undefined. */
export function dateParam(value: string | null): string | undefined {
  return value !== null && ISO_DATE.test(value) ? value : undefined;
}

/** A year from 2014 to this year from a query parameter, or undefined. */
export function yearParam(value: string | null): number | undefined {
  const y = value !== null && /^\d{4}$/.test(value) ? Number(value) : undefined;
  return y !== undefined && y >= FIRST_YEAR && y <= thisYear() ? y : undefined;
}

/** A period as "2024-01-01 ~ 2025-12-31", or "2024-01-01 ~ now" when open. */
export function periodText(startsOn: string, endsOn: string | null, openText: string): string {
  return `${startsOn} ~ ${endsOn ?? openText}`;
}

/**
 * The `?region=` to add to links so the next page shows the same place (empty for the user's own region),
 * and helpers to change the page's own query parameters (any change but paging goes back to page one).
 */
export function useQueryState() {
  const me = useMe();
  const { code } = useRegion();
  const [params, setParams] = useSearchParams();
  const regionSearch = code === me.region.code ? '' : `?region=${encodeURIComponent(code)}`;
  const update = (changes: Partial<Record<string, string | number | undefined>>, keepPage = false, pageKey = 'page') =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') copy.delete(key);
          else copy.set(key, String(value));
        }
        if (!keepPage) copy.delete(pageKey);
        return copy;
      },
      { replace: true },
    );
  return { params, update, regionSearch, code };
}

/** A link's `search` that adds more parameters to the region's. */
export function withRegion(regionSearch: string, extra: Record<string, string | number>): string {
  const params = new URLSearchParams(regionSearch);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

interface DateInputProps {
  value?: string | null | undefined;
  onChange?: (value: string | undefined) => void;
  min?: string;
  max?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  placeholder?: string;
  'data-testid'?: string;
}

/**
 * A date typed or picked with the browser's own picker (no date library, ISO as the API wants it); a
 * filter applies only a whole date, a form field gets whatever is typed (its rules judge it).
 */
export function DateInput({ value, onChange, min, max, style, ...rest }: DateInputProps) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <Input
      type="date"
      value={text}
      min={min}
      max={max}
      style={style ?? { width: 150 }}
      {...rest}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        if (next === '') onChange?.(undefined);
        else if (ISO_DATE.test(next)) onChange?.(next);
      }}
    />
  );
}

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

/** A count shown with a dash for none, in tabular figures. */
export function Num({ value, style }: { value: number | string | null | undefined; style?: CSSProperties }) {
  return <span style={{ fontVariantNumeric: 'tabular-nums', ...style }}>{value === null || value === undefined ? DASH : value}</span>;
}

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

/**
 * A household in a list of visits or pairings: the head's name over the household number. The name links to
 * the household's page for those who read the registry; an aid unit reads no household record, so it sees text.
 */
export function HouseholdCell({ household, regionSearch, testId }: { household: { id: string; headName: string; householdNo: string }; regionSearch: string; testId?: string }) {
  const me = useMe();
  return (
    <Flex vertical gap={0}>
      {can(me.role, 'readRegistry') ? (
        <Link to={{ pathname: `/households/${household.id}`, search: regionSearch }} data-testid={testId}>
          {household.headName}
        </Link>
      ) : (
        <span data-testid={testId}>{household.headName}</span>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        {household.householdNo}
      </Typography.Text>
    </Flex>
  );
}

/**
 * Whether the user may open the ledger of a helper of a unit: an aid unit's account reads its own staff
 * only, everyone else who reads the work reads all.
 */
export function useMayOpenLedger(): (unitId: string) => boolean {
  const me = useMe();
  return (unitId) => can(me.role, 'readAidWork') && (me.role !== 'aid_unit' || unitId === me.aidUnit?.id);
}
