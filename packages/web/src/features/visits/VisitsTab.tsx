import { Link } from 'react-router-dom';
import { Button, Descriptions, Flex, Image, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CameraOutlined, EnvironmentOutlined, FlagOutlined } from '@ant-design/icons';
import { can } from '@jingzhun/domain';
import { requestFile } from '../../shared/api/client.ts';
import { listVisits, photoUrl, type Visit } from './api.ts';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH, formatDateTime, formatMoney } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { DateInput } from '../../shared/components/DateInput.tsx';
import { dateParam, idParam, useQueryState } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { HouseholdCell } from '../households/HouseholdCell.tsx';
import { HouseholdSelect } from '../households/HouseholdSelect.tsx';
import { StaffSelect, UnitSelect } from '../assistance/UnitSelect.tsx';
import { useMayOpenLedger } from './ledger.ts';

const FILTER_KEYS = ['from', 'to', 'unit', 'staff', 'household', 'campaign'] as const;

/** The list's filters read from `?…`, ignoring whatever is malformed. */
function readQuery(params: URLSearchParams) {
  return {
    from: dateParam(params.get('from')),
    to: dateParam(params.get('to')),
    staffId: idParam(params.get('staff')),
    householdId: idParam(params.get('household')),
    campaignId: idParam(params.get('campaign')),
  };
}

/** The "visits" tab: visits in the region bar's region, newest first, narrowed by dates, helper, household or campaign. */
export function VisitsTab() {
  const me = useMe();
  const { t, lang } = useI18n();
  const mayOpenLedger = useMayOpenLedger();
  // An aid unit reads no household record or campaign: it filters by its own helpers only.
  const registry = can(me.role, 'readRegistry');
  const ownUnit = me.role === 'aid_unit' ? me.aidUnit : null;
  const { detail } = useRegion();
  const { regionSearch, code } = useQueryState();
  const list = useListPage({ filters: FILTER_KEYS }, (paging, params, signal) => listVisits({ ...readQuery(params), ...paging, region: code }, signal), [code]);
  const { params, update } = list;
  const query = readQuery(params);
  const unitId = ownUnit?.id ?? idParam(params.get('unit'));
  const data = list.list.data;
  const today = chinaDate();

  const columns: TableColumnsType<Visit> = [
    { key: 'visitedOn', dataIndex: 'visitedOn', title: t('visits.col.date'), width: 120, render: (d: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{d}</span> },
    {
      key: 'household',
      title: t('visits.col.household'),
      render: (_, v) => <HouseholdCell household={v.household} regionSearch={regionSearch} testId="visit-household" />,
    },
    {
      key: 'helpers',
      title: t('visits.col.helpers'),
      render: (_, v) =>
        v.helpers.length === 0 ? (
          DASH
        ) : (
          <Space size={[4, 4]} wrap>
            {v.helpers.map((h) => (
              <Tooltip key={h.id} title={h.unitName}>
                {mayOpenLedger(h.unitId) ? <Link to={{ pathname: `/helpers/${h.id}/ledger`, search: regionSearch }}>{h.name}</Link> : <span>{h.name}</span>}
              </Tooltip>
            ))}
          </Space>
        ),
    },
    {
      key: 'seen',
      title: t('visits.col.seen'),
      render: (_, v) => (
        <Space size={6} style={{ maxWidth: 420 }}>
          <Typography.Text ellipsis={{ tooltip: v.seen }} style={{ maxWidth: 360 }}>
            {v.seen}
          </Typography.Text>
          {v.campaignId && (
            <Tooltip title={t('visits.inCampaign')}>
              <FlagOutlined style={{ color: '#b71c1c' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'spent',
      title: t('visits.col.spent'),
      align: 'right',
      render: (_, v) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v.spent > 0 ? formatMoney(v.spent, lang) : DASH}</span>,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={8} align="center">
        <Space.Compact>
          <DateInput value={query.from} max={query.to ?? today} onChange={(v) => update({ from: v })} aria-label={t('visits.from')} data-testid="visits-from" />
          <DateInput value={query.to} min={query.from} max={today} onChange={(v) => update({ to: v })} aria-label={t('visits.to')} data-testid="visits-to" />
        </Space.Compact>
        {!ownUnit && <UnitSelect value={unitId} onChange={(v) => update({ unit: v, staff: undefined })} data-testid="visits-unit" />}
        <StaffSelect unitId={unitId} value={query.staffId} onChange={(v) => update({ staff: v })} data-testid="visits-staff" />
        {registry ? (
          <HouseholdSelect region={code} value={query.householdId} onChange={(v) => update({ household: v })} />
        ) : (
          // Without the registry the household is named by its visits (a ledger links here with one).
          query.householdId && (
            <Tag closable onClose={() => update({ household: undefined })} color="blue" data-testid="visits-household-filter">
              {t('visits.householdFilter', { name: data?.items.find((v) => v.household.id === query.householdId)?.household.headName ?? query.householdId })}
            </Tag>
          )
        )}
        {query.campaignId && (
          <Tag closable onClose={() => update({ campaign: undefined })} color="red">
            {registry ? <Link to={{ pathname: `/campaigns/${query.campaignId}`, search: regionSearch }}>{t('visits.campaignFilter')}</Link> : t('visits.campaignFilter')}
          </Tag>
        )}
        {list.filtered && <Button onClick={list.resetFilters}>{t('common.reset')}</Button>}
        <DownloadButton
          load={() => requestFile('/exports/visits.xlsx', { region: code, from: query.from, to: query.to, staffId: query.staffId, householdId: query.householdId, campaignId: query.campaignId })}
          fallbackName="visits.xlsx"
          data-testid="visits-export"
        >
          {t('visits.export')}
        </DownloadButton>
        <Tag color="blue">{t('visits.within', { name: detail?.code === code ? detail.name : code })}</Tag>
      </Flex>
      <ListTable
        list={list}
        columns={columns}
        data-testid="visits-table"
        locale={{ emptyText: list.filtered ? t('visits.noMatch') : t('visits.empty') }}
        expandable={{ expandedRowRender: (v) => <VisitDetail visit={v} regionSearch={regionSearch} />, rowExpandable: () => true }}
      />
    </Flex>
  );
}

/** What an expanded visit shows: all it recorded, the photos as thumbnails and where it was logged. */
function VisitDetail({ visit: v, regionSearch }: { visit: Visit; regionSearch: string }) {
  const me = useMe();
  const { t, lang } = useI18n();
  // Photos are evidence kept with the household's record, and campaigns are the registry's: an aid unit sees neither.
  const registry = can(me.role, 'readRegistry');
  return (
    <Descriptions
      size="small"
      column={1}
      // Zero intrinsic width: long text wraps inside the table instead of widening it past the screen.
      style={{ width: 0, minWidth: '100%' }}
      styles={{ label: { width: 120 } }}
      data-testid="visit-detail"
      items={[
        { key: 'seen', label: t('visits.col.seen'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{v.seen}</span> },
        { key: 'problems', label: t('visits.problems'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{v.problems || DASH}</span> },
        { key: 'agreed', label: t('visits.agreed'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{v.agreed || DASH}</span> },
        {
          key: 'helpers',
          label: t('visits.col.helpers'),
          children: v.helpers.length === 0 ? DASH : v.helpers.map((h) => `${h.name}(${h.unitName})`).join(lang === 'en' ? ', ' : '、'),
        },
        {
          key: 'photos',
          label: t('visits.photos'),
          children:
            v.photoIds.length === 0 ? (
              DASH
            ) : !registry ? (
              <Space size={6}>
                <CameraOutlined />
                {t('ledger.photos', { n: v.photoIds.length })}
              </Space>
            ) : (
              <Image.PreviewGroup>
                <Space size={8} wrap>
                  {v.photoIds.map((id, i) => (
                    <Image key={id} src={photoUrl(id)} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} alt={t('visits.photoAlt', { n: i + 1 })} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ),
        },
        {
          key: 'location',
          label: t('visits.location'),
          children: v.location ? (
            <Space size={6}>
              <EnvironmentOutlined />
              <span style={{ fontVariantNumeric: 'tabular-nums' }}>
                {v.location.latitude.toFixed(5)}, {v.location.longitude.toFixed(5)}
              </span>
              {v.location.accuracy !== null && <Typography.Text type="secondary">{t('visits.accuracy', { m: Math.round(v.location.accuracy) })}</Typography.Text>}
            </Space>
          ) : (
            t('visits.noLocation')
          ),
        },
        ...(v.campaignId
          ? [
              {
                key: 'campaign',
                label: t('visits.campaign'),
                children: registry ? <Link to={{ pathname: `/campaigns/${v.campaignId}`, search: regionSearch }}>{t('visits.openCampaign')}</Link> : t('visits.inCampaign'),
              },
            ]
          : []),
        { key: 'spent', label: t('visits.col.spent'), children: formatMoney(v.spent, lang) },
        { key: 'logged', label: t('visits.loggedAt'), children: formatDateTime(v.loggedAt) },
      ]}
    />
  );
}
