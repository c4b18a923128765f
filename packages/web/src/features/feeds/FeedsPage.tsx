import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Flex, Progress, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { CloudUploadOutlined, UpOutlined } from '@ant-design/icons';
import { can, FEED_KINDS, type FeedKind } from '@jingzhun/domain';
import { listFeeds, RUNNING_FEED_STATES, type Feed } from './api.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatDateTime, formatNumber } from '../../shared/lib/format.ts';
import { oneOf } from '../../shared/lib/query.ts';
import { ListTable } from '../../shared/list/ListTable.tsx';
import { useListPage } from '../../shared/list/useListPage.ts';
import { FeedUpload } from './FeedUpload.tsx';
import { feedKindLabel } from '../alerts/labels.ts';
import { FEED_STATE_COLORS } from './labels.ts';

const PAGE_SIZE = 20;

/** The feed kind chosen in `?kind=`, or undefined. */
function kindOf(params: URLSearchParams): FeedKind | undefined {
  return oneOf(params.get('kind'), Object.keys(FEED_KINDS) as FeedKind[]);
}

/** `/feeds`: the departments' files compared against the registry (部门数据比对), and the upload of a new one. */
export default function FeedsPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'importFeeds')) return <ForbiddenResult message={t('feeds.forbidden')} />;
  return <FeedsList />;
}

function FeedsList() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const list = useListPage({ pageSizes: [PAGE_SIZE], filters: ['kind'] }, (paging, params, signal) => listFeeds({ ...paging, kind: kindOf(params) }, signal));
  const { params, update } = list;
  const kind = kindOf(params);
  const uploadOpen = params.get('upload') === '1';
  const items = list.table.dataSource;
  const n = (v: number | undefined) => formatNumber(v ?? null, lang);

  // A feed still being checked or written is shown moving: the list asks again while one runs.
  const running = items.some((f) => RUNNING_FEED_STATES.includes(f.state));
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(list.list.reload, 2_000);
    return () => clearTimeout(timer);
  }, [running, list.list.data]); // `list.list.reload` is stable.

  const columns: TableColumnsType<Feed> = [
    {
      key: 'kind',
      title: t('feeds.kind'),
      render: (_, f) => (
        <Link to={`/feeds/${f.id}`} data-testid="feed-link">
          {feedKindLabel(f.kind, lang)}
        </Link>
      ),
    },
    { key: 'source', dataIndex: 'source', title: t('feeds.source') },
    { key: 'asOf', dataIndex: 'asOf', title: t('feeds.asOf') },
    {
      key: 'file',
      title: t('feeds.file'),
      render: (_, f) => (
        <Typography.Text ellipsis={{ tooltip: f.fileName }} style={{ maxWidth: 200 }}>
          {f.fileName}
        </Typography.Text>
      ),
    },
    {
      key: 'state',
      title: t('feeds.state'),
      render: (_, f) =>
        RUNNING_FEED_STATES.includes(f.state) ? (
          <Flex vertical gap={0} style={{ minWidth: 120 }}>
            <Tag color={FEED_STATE_COLORS[f.state]}>{t(`feeds.state.${f.state}`)}</Tag>
            <Progress percent={Math.floor(f.progress * 100)} size="small" />
          </Flex>
        ) : (
          <Tag color={FEED_STATE_COLORS[f.state]}>{t(`feeds.state.${f.state}`)}</Tag>
        ),
    },
    { key: 'rows', title: t('feeds.rows'), align: 'right', render: (_, f) => n(f.counts.rows) },
    { key: 'matched', title: t('feeds.matched'), align: 'right', render: (_, f) => n(f.counts.matched) },
    { key: 'unmatched', title: t('feeds.unmatched'), align: 'right', render: (_, f) => n(f.counts.unmatched) },
    { key: 'alerts', title: t('feeds.alerts'), align: 'right', render: (_, f) => (f.counts.alerts === undefined ? DASH : n(f.counts.alerts)) },
    { key: 'errors', title: t('feeds.problems'), align: 'right', render: (_, f) => (f.errorCount > 0 ? <Typography.Text type="danger">{n(f.errorCount)}</Typography.Text> : DASH) },
    {
      key: 'who',
      title: t('feeds.uploadedBy'),
      render: (_, f) => (
        <Flex vertical gap={0}>
          <span>{f.uploadedBy ?? DASH}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(f.createdAt)}
          </Typography.Text>
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('feeds.uploadTitle')}
        extra={
          <Button icon={uploadOpen ? <UpOutlined /> : <CloudUploadOutlined />} type={uploadOpen ? 'default' : 'primary'} onClick={() => update({ upload: uploadOpen ? undefined : '1' }, true)} data-testid="feed-upload-toggle">
            {uploadOpen ? t('feeds.hideUpload') : t('feeds.newUpload')}
          </Button>
        }
        styles={uploadOpen ? undefined : { body: { display: 'none' } }}
      >
        {uploadOpen && <FeedUpload onUploaded={(id) => void navigate(`/feeds/${id}`)} />}
      </Card>
      <Card title={t('feeds.title')}>
        <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
          <Select<FeedKind>
            allowClear
            style={{ width: 280 }}
            placeholder={t('feeds.allKinds')}
            value={kind}
            options={(Object.keys(FEED_KINDS) as FeedKind[]).map((k) => ({ value: k, label: feedKindLabel(k, lang) }))}
            onChange={(v) => update({ kind: v ?? undefined })}
            aria-label={t('feeds.kind')}
          />
          <Typography.Text type="secondary">{t('feeds.intro')}</Typography.Text>
        </Flex>
        <ListTable
          list={list}
          columns={columns}
          loading={list.list.loading && !list.list.data}
          locale={{ emptyText: t('feeds.empty') }}
          data-testid="feeds-table"
        />
      </Card>
    </Flex>
  );
}
