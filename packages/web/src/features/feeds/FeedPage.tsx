import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Popconfirm, Progress, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, type StepsProps, type TableColumnsType } from 'antd';
import { AlertOutlined, CheckOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { can, type AlertRule, type FeedKind } from '@jingzhun/domain';
import { isApiError } from '../../shared/api/client.ts';
import { confirmFeed, discardFeed, downloadUnmatched, listUnmatched, type FeedDetail, type FeedProblem, type UnmatchedRow } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DetailLoadError, DetailTitle } from '../../shared/components/DetailPage.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatDateTime, formatMoney, formatNumber } from '../../shared/lib/format.ts';
import { RegionName } from '../assistance/RegionName.tsx';
import { feedKindLabel } from '../alerts/labels.ts';
import { FEED_STATE_COLORS } from './labels.ts';
import { ruleLabel } from '../alerts/labels.ts';
import { useFeed } from './useFeed.ts';

/** The alerts each feed's rows may raise, for the links to the list once it is written. */
const KIND_RULES: Partial<Record<FeedKind, AlertRule[]>> = {
  medical_insurance: ['medical_spending'],
  emergency: ['disaster_loss'],
  education: ['child_out_of_school'],
  public_security: ['person_dead', 'main_worker_lost'],
  disability: ['main_worker_lost'],
  public_payroll: ['exclusion_hit'],
  vehicle: ['exclusion_hit'],
  commercial_housing: ['exclusion_hit'],
  business_registry: ['exclusion_hit'],
};

/** The wizard's steps: ① upload ② check ③ review ④ write ⑤ done. */
function stepOf(feed: FeedDetail): { current: number; status: StepsProps['status'] } {
  switch (feed.state) {
    case 'validating':
      return { current: 1, status: 'process' };
    case 'invalid':
      return { current: feed.confirmedAt ? 3 : 1, status: 'error' };
    case 'validated':
      return { current: 2, status: 'process' };
    case 'writing':
      return { current: 3, status: 'process' };
    case 'done':
      return { current: 4, status: 'finish' };
    case 'failed':
      return { current: feed.confirmedAt ? 3 : 1, status: 'error' };
    case 'discarded':
      return { current: 2, status: 'error' };
  }
}

/** `/feeds/:id`: one feed through its stages: checked (problems, or what matched), confirmed, written (the alerts it raised), with the unmatched rows. */
export default function FeedPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'importFeeds')) return <ForbiddenResult message={t('feeds.forbidden')} />;
  return <FeedView />;
}

function FeedView() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { feed, error, reconnecting, refresh, assume } = useFeed(id);
  const [confirming, setConfirming] = useState(false);
  const back = () => void navigate('/feeds');
  const reupload = () => void navigate('/feeds?upload=1');

  if (error !== undefined && !feed) return <DetailLoadError error={error} onRetry={refresh} backLabel={t('feeds.back')} onBack={back} />;
  if (!feed) return <PageLoading />;

  const n = (v: number | undefined) => formatNumber(v ?? 0, lang);
  const step = stepOf(feed);
  const titles = [t('feeds.step.upload'), t('feeds.step.validate'), t('feeds.step.review'), t('feeds.step.write'), t('feeds.step.done')];
  const regionSearch = feed.regionCode === me.region.code ? '' : `region=${encodeURIComponent(feed.regionCode)}&`;

  /** Confirms or discards the feed; refused because someone else acted on it meanwhile, it is read again. */
  const act = async (send: () => Promise<unknown>, done: () => void) => {
    setConfirming(true);
    try {
      await send();
      done();
      refresh();
    } catch (e) {
      if (isApiError(e) && (e.code === 'conflict' || e.status === 404)) refresh();
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setConfirming(false);
    }
  };
  const confirm = () => act(() => confirmFeed(feed.id), () => assume({ state: 'writing', progress: 0 }));
  const discard = () => act(() => discardFeed(feed.id), () => void message.success(t('feeds.discarded')));

  // A feed not written (checked, failed its check, or broken off) can be discarded: it leaves the list.
  const discardButton = (
    <Popconfirm title={t('feeds.discardConfirm')} onConfirm={() => void discard()} okButtonProps={{ danger: true }}>
      <Button danger icon={<DeleteOutlined />} disabled={confirming} data-testid="feed-discard">
        {t('feeds.discard')}
      </Button>
    </Popconfirm>
  );

  const running = (title: string, hint: string) => (
    <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }} data-testid="feed-running">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Progress percent={Math.floor(feed.progress * 100)} status="active" style={{ width: '100%', maxWidth: 480 }} />
      <Typography.Text type="secondary">{hint}</Typography.Text>
      {reconnecting && <Alert type="warning" showIcon title={t('feeds.reconnecting')} />}
    </Flex>
  );

  const counts = [
    { key: 'rows', title: t('feeds.rows'), value: feed.counts.rows },
    { key: 'matched', title: t('feeds.matched'), value: feed.counts.matched },
    { key: 'unmatched', title: t('feeds.unmatched'), value: feed.counts.unmatched, warn: (feed.counts.unmatched ?? 0) > 0 },
    { key: 'persons', title: t('feeds.persons'), value: feed.counts.persons },
    { key: 'households', title: t('feeds.households'), value: feed.counts.households },
  ];
  const countCards = (
    <Row gutter={[16, 16]}>
      {counts.map((c) => (
        <Col key={c.key} flex="1 1 140px">
          <Card size="small">
            <Statistic title={c.title} value={n(c.value)} styles={c.warn ? { content: { color: '#d46b08' } } : undefined} data-testid={`feed-count-${c.key}`} />
          </Card>
        </Col>
      ))}
    </Row>
  );

  const body = () => {
    switch (feed.state) {
      case 'validating':
        // Other uploads are being read: this one waits its turn.
        if (feed.waiting) return running(t('feeds.waitingTitle', { name: feed.fileName }), t('feeds.waitingHint', { position: feed.queuePosition ?? 1 }));
        return running(t('feeds.validatingTitle', { name: feed.fileName }), t('feeds.validatingHint'));
      case 'writing':
        return running(t('feeds.writingTitle', { name: feed.fileName }), t('feeds.writingHint'));
      case 'invalid':
        return (
          <Flex vertical gap={16}>
            <FeedProblems feed={feed} onReupload={reupload} />
            <Space wrap>{discardButton}</Space>
          </Flex>
        );
      case 'validated':
        return (
          <Flex vertical gap={16} data-testid="feed-summary">
            <Alert type="success" showIcon title={t('feeds.validatedTitle', { name: feed.fileName })} description={t('feeds.validatedHint')} />
            {countCards}
            <Alert type="warning" showIcon title={t('feeds.notWrittenYet')} />
            <Space wrap>
              <Button type="primary" icon={<CheckOutlined />} loading={confirming} onClick={() => void confirm()} data-testid="feed-confirm">
                {t('feeds.confirm')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={reupload} disabled={confirming}>
                {t('feeds.reupload')}
              </Button>
              {discardButton}
            </Space>
          </Flex>
        );
      case 'done': {
        const rules = KIND_RULES[feed.kind] ?? [];
        return (
          <Flex vertical gap={16}>
            <Result
              status="success"
              style={{ padding: '16px 0' }}
              title={t('feeds.doneTitle')}
              subTitle={t('feeds.doneSubtitle', {
                judged: n(feed.counts.judged),
                alerts: n(feed.counts.alerts),
                updated: n(feed.counts.alertsUpdated),
                by: feed.confirmedBy ?? DASH,
                at: formatDateTime(feed.confirmedAt),
              })}
              extra={
                <Flex wrap gap={8} justify="center">
                  <Link to={`/alerts?${regionSearch}state=all`} data-testid="feed-to-alerts">
                    <Button type="primary" icon={<AlertOutlined />}>
                      {t('feeds.toAlerts')}
                    </Button>
                  </Link>
                  {rules.map((rule) => (
                    <Link key={rule} to={`/alerts?${regionSearch}state=all&rule=${rule}`}>
                      <Button>{t('feeds.toRuleAlerts', { rule: ruleLabel(rule, lang) })}</Button>
                    </Link>
                  ))}
                  <Button icon={<UploadOutlined />} onClick={reupload}>
                    {t('feeds.another')}
                  </Button>
                </Flex>
              }
              data-testid="feed-done"
            />
            {countCards}
          </Flex>
        );
      }
      case 'discarded':
        return (
          <Result
            status="info"
            title={t('feeds.discardedTitle')}
            subTitle={t('feeds.discardedHint')}
            extra={
              <Button type="primary" icon={<UploadOutlined />} onClick={reupload}>
                {t('feeds.reupload')}
              </Button>
            }
            data-testid="feed-discarded"
          />
        );
      case 'failed':
        return (
          <Result
            status="error"
            title={t('feeds.failedTitle')}
            subTitle={feed.message ?? t('feeds.failedHint')}
            extra={
              <Space wrap>
                <Button type="primary" icon={<UploadOutlined />} onClick={reupload}>
                  {t('feeds.reupload')}
                </Button>
                {discardButton}
              </Space>
            }
            data-testid="feed-failed"
          />
        );
    }
  };

  // The unmatched rows are kept when the feed is written; before that only their count is known.
  const showUnmatched = feed.state === 'done' && (feed.counts.unmatched ?? 0) > 0;
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <DetailTitle title={feedKindLabel(feed.kind, lang)} testId="feed-kind" backLabel={t('feeds.back')} onBack={back}>
            <Tag color={FEED_STATE_COLORS[feed.state]} data-testid="feed-state">
              {t(`feeds.state.${feed.state}`)}
            </Tag>
          </DetailTitle>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'source', label: t('feeds.source'), children: feed.source },
              { key: 'asOf', label: t('feeds.asOf'), children: feed.asOf },
              { key: 'file', label: t('feeds.file'), children: feed.fileName },
              { key: 'region', label: t('feeds.region'), children: <RegionName code={feed.regionCode} /> },
              { key: 'uploaded', label: t('feeds.uploadedBy'), children: `${feed.uploadedBy ?? DASH} · ${formatDateTime(feed.createdAt)}` },
              ...(feed.confirmedAt ? [{ key: 'confirmed', label: t('feeds.confirmedBy'), children: `${feed.confirmedBy ?? DASH} · ${formatDateTime(feed.confirmedAt)}` }] : []),
            ]}
          />
          <Steps size="small" responsive={false} current={step.current} status={step.status} items={titles.map((title) => ({ title }))} data-testid="feed-steps" />
        </Flex>
      </Card>
      <Card>{body()}</Card>
      {showUnmatched && <UnmatchedCard feed={feed} />}
    </Flex>
  );
}

type ProblemRow = FeedProblem & { key: number };

/** The file's problems, each where it is (row, column, cell) and what is wrong, and the way back to the upload. */
function FeedProblems({ feed, onReupload }: { feed: FeedDetail; onReupload: () => void }) {
  const { t, lang } = useI18n();
  const rows: ProblemRow[] = feed.errors.map((p, i) => ({ ...p, key: i }));
  const columns: TableColumnsType<ProblemRow> = [
    { key: 'row', title: t('feeds.col.row'), align: 'right', render: (_, p) => p.row ?? t('feeds.wholeFile') },
    { key: 'column', title: t('feeds.col.column'), render: (_, p) => p.column ?? DASH },
    { key: 'cell', title: t('feeds.col.cell'), render: (_, p) => p.cell ?? DASH },
    {
      key: 'message',
      title: t('feeds.col.message'),
      render: (_, p) => (
        <Typography.Text style={{ whiteSpace: 'normal' }}>
          {p.message}
          {p.detail ? `(${p.detail})` : ''}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Flex vertical gap={16} data-testid="feed-invalid">
      <Result
        status="error"
        style={{ padding: '16px 0' }}
        title={t('feeds.invalidTitle', { count: formatNumber(feed.errorCount, lang) })}
        subTitle={t('feeds.invalidHint')}
        extra={
          <Button type="primary" icon={<UploadOutlined />} onClick={onReupload} data-testid="feed-reupload">
            {t('feeds.reupload')}
          </Button>
        }
      />
      {feed.errorCount > feed.errors.length && (
        <Alert type="info" showIcon title={t('feeds.problemsShown', { shown: formatNumber(feed.errors.length, lang), total: formatNumber(feed.errorCount, lang) })} />
      )}
      <Table<ProblemRow>
        size="small"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid="feed-problems"
      />
    </Flex>
  );
}

/** The rows no registered person of the feed's region matched (IDs masked here; in full in the workbook for the department). */
function UnmatchedCard({ feed }: { feed: FeedDetail }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const rows = useApi((signal) => listUnmatched(feed.id, { page, pageSize: 20 }, signal), [feed.id, page]);
  const value = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? formatNumber(v, lang) : formatMoney(v, lang)) : typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : String(v));
  const columns: TableColumnsType<UnmatchedRow> = [
    { key: 'row', dataIndex: 'row', title: t('feeds.col.row'), align: 'right' },
    { key: 'id', dataIndex: 'idNumber', title: t('feeds.col.idNumber'), render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
    { key: 'on', dataIndex: 'on', title: t('feeds.col.on') },
    {
      key: 'data',
      title: t('feeds.col.data'),
      render: (_, r) =>
        Object.entries(r.data)
          .map(([k, v]) => `${k}: ${value(v)}`)
          .join(lang === 'en' ? '; ' : ';') || DASH,
    },
  ];
  return (
    <Card
      title={t('feeds.unmatchedTitle', { count: formatNumber(feed.counts.unmatched ?? 0, lang) })}
      extra={
        <DownloadButton load={() => downloadUnmatched(feed.id)} fallbackName={t('feeds.unmatchedFileName')} data-testid="feed-unmatched-download">
          {t('feeds.unmatchedDownload')}
        </DownloadButton>
      }
      data-testid="feed-unmatched"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('feeds.unmatchedHint')}
      </Typography.Paragraph>
      <Table<UnmatchedRow>
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={rows.data?.items ?? []}
        loading={rows.loading}
        scroll={{ x: 'max-content' }}
        onChange={(p) => setPage(p.current ?? 1)}
        pagination={{ current: page, pageSize: 20, total: rows.data?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true }}
      />
    </Card>
  );
}
