import { useState } from 'react';
import { App, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import type { Pairing } from '../api.ts';
import type { ApiState } from '../../../shared/api/useApi.ts';
import { ErrorResult } from '../../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH } from '../../../shared/lib/format.ts';
import { isCurrent } from '../labels.ts';
import { PairingTag } from '../PairingTag.tsx';
import { EndPairingModal } from './EndPairingModal.tsx';
import { PairHelperModal } from './PairHelperModal.tsx';
import { Section } from './Section.tsx';

interface Props {
  householdId: string;
  pairings: ApiState<{ items: Pairing[] }>;
  editable: boolean;
}

/** The helpers paired with the household, the current ones first, the past ones with when and why they ended. */
export function PairingsSection({ householdId, pairings, editable }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [pairing, setPairing] = useState(false);
  const [ending, setEnding] = useState<Pairing | null>(null);
  const today = chinaDate();
  const rows = [...(pairings.data?.items ?? [])].sort(
    (a, b) => Number(isCurrent(b.endsOn, today)) - Number(isCurrent(a.endsOn, today)) || b.startsOn.localeCompare(a.startsOn),
  );

  const done = (text: string) => {
    setPairing(false);
    setEnding(null);
    void message.success(text);
    pairings.reload();
  };

  const columns: TableColumnsType<Pairing> = [
    {
      key: 'helper',
      title: t('assistance.helper.name'),
      render: (_, p) => (
        <Flex vertical gap={0}>
          <span>{p.helper.name}</span>
          {p.helper.phone && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.helper.phone}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'unit', title: t('assistance.helper.unit'), render: (_, p) => p.helper.unitName },
    { key: 'startsOn', dataIndex: 'startsOn', title: t('assistance.pairing.startsOn') },
    { key: 'endsOn', title: t('assistance.pairing.endsOn'), render: (_, p) => p.endsOn ?? DASH },
    { key: 'endReason', title: t('assistance.helper.endReason'), render: (_, p) => p.endReason ?? DASH },
    {
      key: 'state',
      title: t('assistance.pairing.state'),
      render: (_, p) => <PairingTag endsOn={p.endsOn} />,
    },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_, p) =>
        p.endsOn === null ? (
          <Button type="link" size="small" onClick={() => setEnding(p)} data-testid="pairing-end-open">
            {t('assistance.helper.end')}
          </Button>
        ) : null,
    });
  }

  return (
    <Section
      title={t('assistance.helper.title')}
      testId="assistance-pairings"
      extra={
        editable && (
          <Button icon={<UserAddOutlined />} onClick={() => setPairing(true)} data-testid="pairing-add-open">
            {t('assistance.helper.pair')}
          </Button>
        )
      }
    >
      {pairings.error !== undefined ? (
        <ErrorResult error={pairings.error} onRetry={pairings.reload} />
      ) : (
        <Table<Pairing>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={pairings.loading}
          pagination={rows.length > 10 ? { pageSize: 10 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('assistance.helper.empty') }}
          data-testid="pairings-table"
        />
      )}
      {pairing && <PairHelperModal householdId={householdId} onClose={() => setPairing(false)} onSaved={() => done(t('assistance.helper.paired'))} />}
      {ending && <EndPairingModal pairing={ending} onClose={() => setEnding(null)} onSaved={() => done(t('assistance.helper.ended'))} />}
    </Section>
  );
}
