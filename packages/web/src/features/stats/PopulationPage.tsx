import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Progress, Select, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { can, type PopulationImportResult, type PopulationItem, type PopulationProblem } from '@jingzhun/domain';
import { downloadPopulationTemplate, listPopulation, populationProblems, uploadPopulation } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { DownloadButton } from '../../shared/components/DownloadButton.tsx';
import { ErrorResult, ForbiddenResult } from '../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { DASH, formatNumber, parseYear } from '../../shared/lib/format.ts';
import { useRegion } from '../../shared/shell/RegionContext.tsx';

const FIRST_YEAR = 2010;
const PAGE_SIZE = 50;

type Outcome = { ok: PopulationImportResult } | { problems: PopulationProblem[]; count: number; message: string };

/** `/stats/population`: the villages' rural registered population (农村户籍人口) for a year, its template and its import. */
export default function PopulationPage() {
  const me = useMe();
  const { t } = useI18n();
  if (!can(me.role, 'manageStatistics')) return <ForbiddenResult message={t('stats.population.forbidden')} />;
  return <Population />;
}

function Population() {
  const { t, lang } = useI18n();
  const { code, detail } = useRegion();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = parseYear(params.get('year')) ?? thisYear - 1;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useApi((signal) => listPopulation({ region: code, year, page, pageSize: PAGE_SIZE }, signal), [code, year, page]);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined) copy.delete(k);
          else copy.set(k, v);
        }
        return copy;
      },
      { replace: true },
    );

  const upload = async (file: File) => {
    setOutcome(null);
    setProgress(0);
    try {
      const ok = await uploadPopulation(file, setProgress);
      setOutcome({ ok });
      list.reload();
    } catch (e) {
      const { problems, count } = populationProblems(e);
      setOutcome({ problems, count, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setProgress(null);
    }
  };

  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  const columns: TableColumnsType<PopulationItem> = [
    { key: 'code', dataIndex: 'code', title: t('stats.population.code'), render: (v: string) => <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</Typography.Text> },
    { key: 'township', title: t('stats.population.township'), render: (_, r) => r.township?.name ?? DASH },
    { key: 'name', dataIndex: 'name', title: t('stats.population.village') },
    {
      key: 'ruralPopulation',
      title: t('stats.population.population', { year }),
      align: 'right',
      render: (_, r) => (r.ruralPopulation === null ? <Tag color="orange">{t('stats.population.missing')}</Tag> : formatNumber(r.ruralPopulation, lang)),
    },
    { key: 'source', dataIndex: 'source', title: t('stats.population.source'), render: (v: string | null) => v ?? DASH },
  ];
  const problemColumns: TableColumnsType<PopulationProblem> = [
    { key: 'row', dataIndex: 'row', title: t('stats.population.row'), render: (v: number | null) => v ?? DASH },
    { key: 'column', dataIndex: 'column', title: t('stats.population.column'), render: (v: string | null) => v ?? DASH },
    { key: 'cell', dataIndex: 'cell', title: t('stats.population.cell'), render: (v: string | null) => v ?? DASH },
    { key: 'message', dataIndex: 'message', title: t('stats.population.rule') },
    { key: 'detail', dataIndex: 'detail', title: t('stats.population.detail'), render: (v: string | null) => v ?? DASH },
  ];

  return (
    <Card
      title={t('stats.population.title')}
      extra={
        <Link to={{ pathname: '/stats', search: `?region=${encodeURIComponent(code)}` }}>
          <ArrowLeftOutlined /> {t('stats.population.back')}
        </Link>
      }
      data-testid="population-page"
    >
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('stats.population.hint')}
        </Typography.Paragraph>
        <Flex wrap gap={8} align="center">
          <Select<number>
            style={{ width: 120 }}
            aria-label={t('stats.year')}
            value={year}
            options={years.map((y) => ({ value: y, label: t('stats.yearOption', { year: y }) }))}
            onChange={(y) => update({ year: String(y), page: undefined })}
            data-testid="population-year"
          />
          <DownloadButton load={() => downloadPopulationTemplate(year)} fallbackName={`population-${year}.xlsx`} data-testid="population-template">
            {t('stats.population.template')}
          </DownloadButton>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={progress !== null} data-testid="population-upload">
              {t('stats.population.upload')}
            </Button>
          </Upload>
          <Tag color="blue">{t('stats.population.within', { name: detail?.code === code ? detail.name : code })}</Tag>
        </Flex>
        {progress !== null && <Progress percent={Math.round(progress * 100)} status="active" />}
        {outcome && 'ok' in outcome && (
          <Alert
            type={outcome.ok.warnings.length > 0 ? 'warning' : 'success'}
            showIcon
            closable={{ onClose: () => setOutcome(null) }}
            title={t('stats.population.done', {
              rows: formatNumber(outcome.ok.rows, lang),
              inserted: formatNumber(outcome.ok.inserted, lang),
              updated: formatNumber(outcome.ok.updated, lang),
              skipped: formatNumber(outcome.ok.skipped, lang),
            })}
            description={
              outcome.ok.warnings.length > 0 ? (
                <Table rowKey={(p) => `${p.row}-${p.column}-${p.rule}`} size="small" columns={problemColumns} dataSource={outcome.ok.warnings} pagination={false} scroll={{ x: 'max-content' }} />
              ) : undefined
            }
            data-testid="population-result"
          />
        )}
        {outcome && 'problems' in outcome && (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => setOutcome(null) }}
            title={outcome.problems.length > 0 ? t('stats.population.refused', { count: formatNumber(outcome.count, lang) }) : outcome.message}
            description={
              outcome.problems.length > 0 ? (
                <Table
                  rowKey={(p) => `${p.row}-${p.column}-${p.rule}-${p.cell}`}
                  size="small"
                  columns={problemColumns}
                  dataSource={outcome.problems}
                  pagination={outcome.problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                  scroll={{ x: 'max-content' }}
                />
              ) : undefined
            }
            data-testid="population-problems"
          />
        )}
        {list.error !== undefined ? (
          <ErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <Table<PopulationItem>
            rowKey="code"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 'max-content' }}
            data-testid="population-table"
            onChange={(p) => update({ page: p.current === 1 ? undefined : String(p.current) })}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('stats.population.total', { total }),
            }}
          />
        )}
      </Flex>
    </Card>
  );
}
