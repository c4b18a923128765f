import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, ErrorBlock, PullToRefresh, Space, Tabs, Tag } from 'antd-mobile';
import { getMyHouseholds, type HelperHouseholds } from '../visits/api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { useDesktopLink } from './links.ts';
import { causeText, FieldError, FieldLoading, FieldNavBar, StatusTag } from './parts.tsx';

type Item = HelperHouseholds['items'][number];
type TabKey = 'due' | 'all';

/**
 * `/field`: 我的结对户. The signed-in helper's paired households, those due for a visit first, each a card
 * with a big 走访 button straight to the visit form; pull down to refresh.
 */
export default function MyHouseholdsPage() {
  const { t, lang, setLang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const toDesktop = useDesktopLink();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<HelperHouseholds | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const current = useRef<AbortController | null>(null);

  // One loader for the first load, retry and pull-to-refresh; a newer load aborts an older one.
  const load = useCallback(async () => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    try {
      const value = await getMyHouseholds(controller.signal);
      if (controller.signal.aborted) return;
      setData(value);
      setError(undefined);
    } catch (e) {
      if (controller.signal.aborted) return;
      setError(e);
    }
  }, []);

  useEffect(() => {
    void load();
    return () => current.current?.abort();
  }, [load]);

  const due = data?.items.filter((i) => i.due) ?? [];
  const all = data?.items ?? [];
  const tabParam = params.get('tab');
  const tab: TabKey = tabParam === 'all' || tabParam === 'due' ? tabParam : due.length > 0 || !data ? 'due' : 'all';
  const setTab = (key: string) => setParams({ tab: key }, { replace: true });

  const desktopLink = (
    <a onClick={toDesktop} style={{ fontSize: 15, padding: '12px 0 12px 8px', display: 'inline-block' }} data-testid="field-desktop-link">
      {t('field.desktop')}
    </a>
  );

  let body;
  if (error !== undefined && !data) body = <FieldError error={error} onRetry={() => void load()} />;
  else if (!data) body = <FieldLoading />;
  else if (!data.helper) {
    body = (
      <div style={{ padding: '24px 16px' }}>
        <ErrorBlock status="empty" title={t('field.notHelper.title')} description={t('field.notHelper.text', { name: me.displayName })} data-testid="field-not-helper">
          <Button color="primary" size="large" onClick={toDesktop} style={{ minWidth: 200 }}>
            {t('field.notHelper.desktop')}
          </Button>
        </ErrorBlock>
      </div>
    );
  } else {
    const helper = data.helper;
    const shown = tab === 'due' ? due : all;
    body = (
      <PullToRefresh onRefresh={load} pullingText={t('field.pull.pulling')} canReleaseText={t('field.pull.release')} refreshingText={t('field.pull.refreshing')} completeText={t('field.pull.done')}>
        <div style={{ padding: '12px 12px 0' }}>
          <Card style={{ borderRadius: 12 }} data-testid="field-helper">
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
              <div>
                <div style={{ fontSize: 18, fontWeight: 600 }} data-testid="field-helper-name">
                  {helper.name}
                </div>
                <div style={{ color: '#666', fontSize: 14, marginTop: 4 }}>{helper.unitName}</div>
              </div>
              <div style={{ textAlign: 'right', color: '#666', fontSize: 13 }}>
                {data.intervalDays !== null && <div>{t('field.interval', { days: data.intervalDays })}</div>}
                <div>{t('field.counts', { due: due.length, all: all.length })}</div>
              </div>
            </div>
          </Card>
        </div>
        {error !== undefined && <div style={{ color: '#b71c1c', padding: '8px 16px', fontSize: 14 }}>{error instanceof Error ? error.message : String(error)}</div>}
        <Tabs activeKey={tab} onChange={setTab} style={{ ['--title-font-size' as string]: '16px', background: '#f5f5f5' }}>
          <Tabs.Tab key="due" title={<span data-testid="field-tab-due">{t('field.tab.due', { n: due.length })}</span>} />
          <Tabs.Tab key="all" title={<span data-testid="field-tab-all">{t('field.tab.all', { n: all.length })}</span>} />
        </Tabs>
        <div style={{ padding: '8px 12px 16px', display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="field-households">
          {shown.length === 0 ? (
            <ErrorBlock
              status="empty"
              title={tab === 'due' ? t('field.empty.dueTitle') : t('field.empty.allTitle')}
              description={tab === 'due' ? t('field.empty.dueText') : t('field.empty.allText')}
            />
          ) : (
            shown.map((item) => (
              <HouseholdCard
                key={item.pairingId}
                item={item}
                onOpen={() => void navigate(`/field/households/${item.household.id}`)}
                onVisit={() => void navigate(`/field/visit/${item.household.id}`, { state: { from: 'list' } })}
              />
            ))
          )}
        </div>
      </PullToRefresh>
    );
  }

  return (
    <>
      <FieldNavBar title={t('field.title')} right={desktopLink} />
      {body}
      <div style={{ textAlign: 'center', padding: '8px 0 24px', color: '#999', fontSize: 14 }}>
        <Space>
          <a onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} style={{ padding: 8, display: 'inline-block' }} data-testid="field-lang">
            {lang === 'en' ? '中文' : 'English'}
          </a>
          <a onClick={toDesktop} style={{ padding: 8, display: 'inline-block' }}>
            {t('field.desktopLong')}
          </a>
        </Space>
      </div>
    </>
  );
}

/** One household: who, where, why poor, when last seen and when due; tap for details, 走访 for the form. */
function HouseholdCard({ item, onOpen, onVisit }: { item: Item; onOpen: () => void; onVisit: () => void }) {
  const { t, lang } = useI18n();
  const h = item.household;
  return (
    <Card onClick={onOpen} style={{ borderRadius: 12, cursor: 'pointer' }} data-testid="field-household" data-household-id={h.id} data-due={item.due ? 'yes' : 'no'}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <span style={{ fontSize: 20, fontWeight: 600 }} data-testid="field-household-head">
          {h.headName}
        </span>
        <Space style={{ ['--gap' as string]: '6px' }}>
          <StatusTag status={h.status} lang={lang} />
          {item.due && (
            <Tag color="danger" fill="solid" style={{ fontSize: 13, padding: '2px 6px' }} data-testid="field-household-due">
              {t('field.dueTag')}
            </Tag>
          )}
        </Space>
      </div>
      <div style={{ color: '#666', fontSize: 15, marginTop: 6 }}>
        {h.villageName} · {t('field.persons', { n: h.size })} · {causeText(h.mainCause, lang)}
      </div>
      <div style={{ fontSize: 15, marginTop: 6 }} data-testid="field-household-last">
        {item.lastVisitedOn ? t('field.lastVisit', { date: item.lastVisitedOn, days: item.daysSince ?? 0 }) : <span style={{ color: '#b71c1c' }}>{t('field.neverVisited')}</span>}
      </div>
      <div style={{ fontSize: 15, marginTop: 4, color: item.due ? '#d4380d' : '#666', fontWeight: item.due ? 600 : 400 }}>
        {item.due ? t('field.dueSince', { date: item.dueOn }) : t('field.dueOn', { date: item.dueOn })}
      </div>
      <Button
        block
        color="primary"
        fill={item.due ? 'solid' : 'outline'}
        size="large"
        style={{ marginTop: 12, height: 48, fontSize: 18 }}
        onClick={(e) => {
          e.stopPropagation();
          onVisit();
        }}
        data-testid="field-visit-button"
      >
        {t('field.visit')}
      </Button>
    </Card>
  );
}
