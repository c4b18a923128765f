import { Alert, Button, Flex, Space } from 'antd';
import { FilePdfOutlined, IdcardOutlined } from '@ant-design/icons';
import { bookletUrl, cardUrl } from '../../booklets/api.ts';
import { getCatalogue, getPlan, listPairings } from '../api.ts';
import { useApi } from '../../../shared/api/useApi.ts';
import { ErrorResult } from '../../../shared/components/ErrorResult.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { BenefitsSection } from './BenefitsSection.tsx';
import { PairingsSection } from './PairingsSection.tsx';
import { PlanSection } from './PlanSection.tsx';
import { VisitsSection } from './VisitsSection.tsx';

interface Props {
  householdId: string;
  /** The household's village: its catalogue names the measure families. */
  villageCode: string;
  /** Whether the user may pair helpers and record measures and benefits here. */
  editable: boolean;
}

/** 帮扶: the helpers paired with a household, its plan (一户一法), benefits, visits, and its booklet and card. */
export function AssistanceTab({ householdId, villageCode, editable }: Props) {
  const { t } = useI18n();
  const pairings = useApi((signal) => listPairings({ householdId }, signal), [householdId]);
  const plan = useApi((signal) => getPlan(householdId, signal), [householdId]);
  const catalogue = useApi((signal) => getCatalogue(villageCode, signal), [villageCode]);

  return (
    <Flex vertical gap={24} data-testid="assistance-tab">
      <Space wrap>
        <Button icon={<FilePdfOutlined />} href={bookletUrl(householdId)} target="_blank" rel="noopener" data-testid="booklet-pdf">
          {t('assistance.tab.bookletPdf')}
        </Button>
        <Button icon={<IdcardOutlined />} href={cardUrl(householdId)} target="_blank" rel="noopener" data-testid="card-pdf">
          {t('assistance.tab.cardPdf')}
        </Button>
      </Space>
      {catalogue.error !== undefined && <Alert type="warning" showIcon title={t('assistance.tab.catalogueFailed')} />}
      <PairingsSection householdId={householdId} pairings={pairings} editable={editable} />
      {plan.error !== undefined ? (
        <ErrorResult error={plan.error} onRetry={plan.reload} />
      ) : (
        <>
          <PlanSection
            householdId={householdId}
            plan={plan.data}
            loading={plan.loading}
            catalogue={catalogue.data}
            pairings={pairings.data?.items ?? []}
            editable={editable}
            onChanged={plan.reload}
          />
          <BenefitsSection householdId={householdId} plan={plan.data} loading={plan.loading} catalogue={catalogue.data} editable={editable} onChanged={plan.reload} />
        </>
      )}
      <VisitsSection householdId={householdId} />
    </Flex>
  );
}
