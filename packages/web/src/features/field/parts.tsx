import type { ReactNode } from 'react';
import { Button, DotLoading, ErrorBlock, NavBar, Tag } from 'antd-mobile';
import { CAUSES, codeLabel, HOUSEHOLD_STATUSES, type Cause, type HouseholdStatus, type Lang } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';

/** The bar at the top of every field page: a title, a way back, and what is on the right. */
export function FieldNavBar({ title, onBack, right }: { title: ReactNode; onBack?: () => void; right?: ReactNode }) {
  const { t } = useI18n();
  return (
    <NavBar
      back={onBack ? t('field.back') : null}
      backIcon={onBack ? true : false}
      onBack={onBack}
      right={right}
      style={{ background: '#fff', position: 'sticky', top: 0, zIndex: 10, ['--height' as string]: '52px' }}
    >
      <span style={{ fontSize: 17, fontWeight: 600 }}>{title}</span>
    </NavBar>
  );
}

/** A centred loading indicator for field pages. */
export function FieldLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center', fontSize: 24, color: '#999' }} data-testid="field-loading">
      <DotLoading />
    </div>
  );
}

/** A failed load with the server's message and a big retry button. */
export function FieldError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const network = isApiError(error) && error.code === 'network_error';
  return (
    <ErrorBlock status={network ? 'disconnected' : 'default'} title={t('common.errorTitle')} description={error instanceof Error ? error.message : String(error)}>
      {onRetry && (
        <Button color="primary" size="large" onClick={onRetry} style={{ minWidth: 160 }}>
          {t('common.retry')}
        </Button>
      )}
    </ErrorBlock>
  );
}

/** A household's status as a coloured tag. */
export function StatusTag({ status, lang }: { status: string; lang: Lang }) {
  const color = status === 'poor' ? 'danger' : status === 'exited' ? 'success' : 'default';
  return (
    <Tag color={color} fill="outline" style={{ fontSize: 13, padding: '2px 6px' }}>
      {status in HOUSEHOLD_STATUSES ? codeLabel(HOUSEHOLD_STATUSES, status as HouseholdStatus, lang) : status}
    </Tag>
  );
}

/** The label of a cause of poverty, or a dash. */
export function causeText(cause: string | null, lang: Lang): string {
  if (!cause) return '—';
  return cause in CAUSES ? codeLabel(CAUSES, cause as Cause, lang) : cause;
}

/** A calendar date as YYYY-MM-DD, as the date picker's Date is in the browser's time zone. */
export function isoOfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The browser-local Date of a calendar date (YYYY-MM-DD), for the date picker. */
export function dateOfIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}
