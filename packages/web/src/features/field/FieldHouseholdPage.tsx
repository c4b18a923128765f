import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, List, Tag } from 'antd-mobile';
import { MEASURE_STATUSES, codeLabel, type MeasureStatus } from '@jingzhun/domain';
import { getCatalogue, getPlan, type Measure } from '../assistance/api.ts';
import { getHousehold } from '../households/api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { listVisits } from '../visits/api.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatMoney } from '../../shared/lib/format.ts';
import { causeText, FieldError, FieldLoading, FieldNavBar, StatusTag } from './parts.tsx';

const LAST_VISITS = 5;

/**
 * `/field/households/:id`: what a helper needs at the door: the head, address, members, cause, status and
 * the (masked) phone; the plan's measures; the last visits; and 登记走访.
 */
export default function FieldHouseholdPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const household = useApi((signal) => getHousehold(id, undefined, signal), [id]);
  const plan = useApi((signal) => getPlan(id, signal), [id]);
  const visits = useApi((signal) => listVisits({ householdId: id, page: 1, pageSize: LAST_VISITS }, signal), [id]);
  const villageCode = household.data?.id === id ? household.data.villageCode : undefined;
  // Families beyond the national list come from the village's catalogue, with its labels.
  const catalogue = useApi((signal) => getCatalogue(villageCode, signal), [villageCode], villageCode === undefined);

  const h = household.data?.id === id ? household.data : undefined;
  const familyLabel = (key: string) => catalogue.data?.families.find((f) => f.key === key)?.labels[lang] ?? key;
  const members = h ? h.members.filter((m) => m.status === 'active').length : 0;
  const back = () => void navigate('/field');
  const visit = () => void navigate(`/field/visit/${id}`, { state: { from: 'household' } });

  if (household.error !== undefined && !h) {
    return (
      <>
        <FieldNavBar title={t('field.household.title')} onBack={back} />
        <FieldError error={household.error} onRetry={household.reload} />
      </>
    );
  }
  if (!h) {
    return (
      <>
        <FieldNavBar title={t('field.household.title')} onBack={back} />
        <FieldLoading />
      </>
    );
  }

  const measures = [...(plan.data?.measures ?? [])].sort((a, b) => rank(a) - rank(b) || b.startsOn.localeCompare(a.startsOn));
  return (
    <>
      <FieldNavBar title={h.headName} onBack={back} />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12, paddingBottom: 96 }}>
        <Card style={{ borderRadius: 12 }} data-testid="field-household-summary">
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
            <span style={{ fontSize: 22, fontWeight: 600 }} data-testid="field-household-name">
              {h.headName}
            </span>
            <StatusTag status={h.status} lang={lang} />
          </div>
          <List style={{ ['--border-top' as string]: 'none', ['--border-bottom' as string]: 'none', ['--padding-left' as string]: '0', marginTop: 4 }}>
            <List.Item extra={h.villageName} style={{ fontSize: 15 }}>
              {t('field.household.village')}
            </List.Item>
            <List.Item extra={<span style={{ whiteSpace: 'normal' }}>{h.address || '—'}</span>}>{t('field.household.address')}</List.Item>
            <List.Item extra={t('field.persons', { n: members })}>{t('field.household.members')}</List.Item>
            <List.Item extra={causeText(h.mainCause, lang)}>{t('field.household.cause')}</List.Item>
            <List.Item extra={h.householdNo}>{t('field.household.no')}</List.Item>
            <List.Item extra={h.phone ?? '—'} data-testid="field-household-phone">
              {t('field.household.phone')}
            </List.Item>
          </List>
        </Card>

        <Card title={<span style={{ fontSize: 17 }}>{t('field.household.plan')}</span>} style={{ borderRadius: 12 }} data-testid="field-household-plan">
          {plan.error !== undefined ? (
            <FieldError error={plan.error} onRetry={plan.reload} />
          ) : !plan.data ? (
            <FieldLoading />
          ) : measures.length === 0 ? (
            <div style={{ color: '#999', fontSize: 15, padding: '8px 0' }}>{t('field.household.noMeasures')}</div>
          ) : (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
              {measures.map((m) => (
                <div key={m.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }} data-testid="field-measure">
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center' }}>
                    <Tag color="primary" fill="outline" style={{ fontSize: 13 }}>
                      {familyLabel(m.family)}
                    </Tag>
                    <span style={{ fontSize: 13, color: m.status === 'cancelled' ? '#999' : '#333' }}>
                      {m.status in MEASURE_STATUSES ? codeLabel(MEASURE_STATUSES, m.status as MeasureStatus, lang) : m.status}
                    </span>
                  </div>
                  <div style={{ fontSize: 15, marginTop: 4 }}>{m.content}</div>
                  <div style={{ fontSize: 13, color: '#666', marginTop: 2 }}>
                    {m.startsOn}
                    {m.endsOn ? ` ~ ${m.endsOn}` : ''}
                    {m.amount > 0 ? ` · ${t('field.household.amount', { amount: formatMoney(m.amount, lang) })}` : ''}
                    {m.helperName ? ` · ${m.helperName}` : ''}
                  </div>
                </div>
              ))}
            </div>
          )}
          {plan.data && plan.data.uncovered.length > 0 && (
            <div style={{ marginTop: 8, color: '#d4380d', fontSize: 14 }} data-testid="field-uncovered">
              {t('field.household.uncovered', { causes: plan.data.uncovered.map((u) => causeText(u.cause, lang)).join('、') })}
            </div>
          )}
        </Card>

        <Card
          title={<span style={{ fontSize: 17 }}>{t('field.household.visits')}</span>}
          extra={visits.data ? <span style={{ color: '#999', fontSize: 13 }}>{t('field.household.visitsTotal', { n: visits.data.total })}</span> : null}
          style={{ borderRadius: 12 }}
          data-testid="field-household-visits"
        >
          {visits.error !== undefined ? (
            <FieldError error={visits.error} onRetry={visits.reload} />
          ) : !visits.data ? (
            <FieldLoading />
          ) : visits.data.items.length === 0 ? (
            <div style={{ color: '#999', fontSize: 15, padding: '8px 0' }}>{t('field.neverVisited')}</div>
          ) : (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
              {visits.data.items.map((v) => (
                <div key={v.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }} data-testid="field-visit">
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span style={{ fontWeight: 600, fontSize: 15 }}>{v.visitedOn}</span>
                    <span style={{ color: '#666', fontSize: 13 }}>{v.helpers.map((x) => x.name).join('、')}</span>
                  </div>
                  <div style={{ fontSize: 15, marginTop: 4 }}>{v.seen}</div>
                  {v.problems && (
                    <div style={{ fontSize: 14, marginTop: 2, color: '#d4380d' }}>
                      {t('field.form.problems')}: {v.problems}
                    </div>
                  )}
                  {v.agreed && (
                    <div style={{ fontSize: 14, marginTop: 2, color: '#666' }}>
                      {t('field.form.agreed')}: {v.agreed}
                    </div>
                  )}
                  {(v.photoIds.length > 0 || v.location) && (
                    <div style={{ fontSize: 13, marginTop: 2, color: '#999' }}>
                      {[v.photoIds.length > 0 ? t('field.household.photos', { n: v.photoIds.length }) : '', v.location ? t('field.household.located') : ''].filter(Boolean).join(' · ')}
                    </div>
                  )}
                </div>
              ))}
            </div>
          )}
        </Card>
      </div>
      <div style={{ position: 'fixed', left: 0, right: 0, bottom: 0, background: '#fff', boxShadow: '0 -1px 6px rgba(0,0,0,0.08)', zIndex: 10 }}>
        <div style={{ maxWidth: 600, margin: '0 auto', padding: '10px 12px calc(10px + env(safe-area-inset-bottom))' }}>
          <Button block color="primary" size="large" style={{ height: 50, fontSize: 18 }} onClick={visit} data-testid="field-household-visit">
            {t('field.household.logVisit')}
          </Button>
        </div>
      </div>
    </>
  );
}

/** Live measures first, then done, then cancelled. */
function rank(m: Measure): number {
  return m.status === 'in_progress' ? 0 : m.status === 'planned' ? 1 : m.status === 'done' ? 2 : 3;
}
