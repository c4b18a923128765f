import { useState } from 'react';
import { Flex, Image, Table, Typography, type TableColumnsType } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { listVisits, photoUrl, type Visit } from '../../visits/api.ts';
import { useApi } from '../../../shared/api/useApi.ts';
import { ErrorResult } from '../../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { DASH } from '../../../shared/lib/format.ts';
import { Section } from './Section.tsx';

const PAGE_SIZE = 10;

/** Where a visit was logged, as coordinates with their accuracy. */
function Location({ location }: { location: NonNullable<Visit['location']> }) {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
      <EnvironmentOutlined /> {location.latitude.toFixed(5)}, {location.longitude.toFixed(5)}
      {location.accuracy !== null && ` ${t('assistance.visit.accuracy', { metres: Math.round(location.accuracy) })}`}
    </Typography.Text>
  );
}

/** The household's visits (入户走访), newest first, with their photos as thumbnails. */
export function VisitsSection({ householdId }: { householdId: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const visits = useApi((signal) => listVisits({ householdId, page, pageSize: PAGE_SIZE }, signal), [householdId, page]);

  const text = (value: string | null) => (value ? <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{value}</Typography.Paragraph> : DASH);
  const columns: TableColumnsType<Visit> = [
    {
      key: 'visitedOn',
      title: t('assistance.visit.date'),
      render: (_, v) => (
        <Flex vertical gap={2}>
          <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{v.visitedOn}</span>
          {v.location && <Location location={v.location} />}
        </Flex>
      ),
    },
    {
      key: 'helpers',
      title: t('assistance.visit.helpers'),
      render: (_, v) =>
        v.helpers.length === 0 ? (
          DASH
        ) : (
          <Flex vertical gap={0}>
            {v.helpers.map((h) => (
              <span key={h.id} title={h.unitName}>
                {h.name}
              </span>
            ))}
          </Flex>
        ),
    },
    { key: 'seen', title: t('assistance.visit.seen'), width: 220, render: (_, v) => text(v.seen) },
    { key: 'problems', title: t('assistance.visit.problems'), width: 160, render: (_, v) => text(v.problems) },
    { key: 'agreed', title: t('assistance.visit.agreed'), width: 160, render: (_, v) => text(v.agreed) },
    {
      key: 'photos',
      title: t('assistance.visit.photos'),
      render: (_, v) =>
        v.photoIds.length === 0 ? (
          DASH
        ) : (
          <Image.PreviewGroup>
            <Flex gap={4} wrap style={{ width: 100 }}>
              {v.photoIds.map((id, i) => (
                <Image
                  key={id}
                  src={photoUrl(id)}
                  width={48}
                  height={48}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                  alt={t('assistance.visit.photoAlt', { date: v.visitedOn, n: i + 1 })}
                />
              ))}
            </Flex>
          </Image.PreviewGroup>
        ),
    },
  ];

  return (
    <Section title={t('assistance.visit.title')} testId="assistance-visits">
      {visits.error !== undefined ? (
        <ErrorResult error={visits.error} onRetry={visits.reload} />
      ) : (
        <Table<Visit>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={visits.data?.items ?? []}
          loading={visits.loading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('assistance.visit.empty') }}
          data-testid="visits-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: visits.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
        />
      )}
    </Section>
  );
}
