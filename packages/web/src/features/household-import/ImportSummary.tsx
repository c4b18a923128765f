import { useState } from 'react';
import { Alert, Button, Card, Col, Flex, Form, Row, Statistic } from 'antd';
import { CheckOutlined, UploadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api/client.ts';
import { confirmImport, tallyOf, type ImportCounts, type ImportJob } from './api.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import { showFormError } from '../../shared/lib/formErrors.ts';
import { ReasonField } from '../households/edit/WriteModal.tsx';

const KINDS = [
  { kind: 'households', title: 'import.households', newTitle: 'import.newHouseholds', unit: 'import.unitHouseholds' },
  { kind: 'members', title: 'import.members', newTitle: 'import.newMembers', unit: 'import.unitPersons' },
  { kind: 'incomes', title: 'import.incomes', newTitle: 'import.newIncomes', unit: 'import.unitRecords' },
] as const satisfies ReadonlyArray<{ kind: keyof Omit<ImportCounts, 'rows' | 'closed'>; title: MessageKey; newTitle: MessageKey; unit: MessageKey }>;

interface Props {
  job: ImportJob;
  /** The server took the confirmation and is writing. */
  onConfirmed: () => void;
  /** The job is no longer waiting for a confirmation (confirmed elsewhere, or gone): read it again. */
  onStale: (message: string) => void;
  onReupload: () => void;
}

/**
 * Step ③ of a clean file: what the import would change, a reason when it corrects registered
 * households, and the confirmation. Nothing is written before it.
 */
export function ImportSummary({ job, onConfirmed, onStale, onReupload }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const corrections = tallyOf(job, 'households').changed;
  const nothing = KINDS.every(({ kind }) => {
    const tally = tallyOf(job, kind);
    return tally.new === 0 && tally.changed === 0;
  });

  const confirm = async (values: { reason?: string }) => {
    setSaving(true);
    setFormError(null);
    try {
      await confirmImport(job.id, corrections > 0 ? values.reason?.trim() : undefined);
      onConfirmed();
    } catch (e) {
      if (isApiError(e) && (e.code === 'conflict' || e.status === 404)) {
        onStale(e.message);
        return;
      }
      showFormError(form, e, setFormError, { fieldNames: ['reason'], codeFields: { required_for_corrections: 'reason' } });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="import-summary">
      <Alert
        type="success"
        showIcon
        title={t('import.validatedTitle', { name: job.fileName })}
        description={t('import.validatedRows', { rows: job.counts.rows ?? 0 })}
      />
      <Alert type="warning" showIcon title={t('import.notWrittenYet')} data-testid="import-not-written" />
      <Row gutter={[16, 16]}>
        {KINDS.map(({ kind, title, newTitle, unit }) => {
          const tally = tallyOf(job, kind);
          return (
            <Col key={kind} xs={24} md={8}>
              <Card size="small" title={t(title)} data-testid={`import-counts-${kind}`}>
                <Row gutter={8}>
                  <Col span={10}>
                    <Statistic title={t(newTitle)} value={tally.new} suffix={t(unit)} data-testid={`import-new-${kind}`} />
                  </Col>
                  <Col span={7}>
                    <Statistic
                      title={t('import.changed')}
                      value={tally.changed}
                      {...(tally.changed > 0 ? { styles: { content: { color: '#d46b08' } } } : {})}
                      data-testid={`import-changed-${kind}`}
                    />
                  </Col>
                  <Col span={7}>
                    <Statistic title={t('import.unchanged')} value={tally.unchanged} data-testid={`import-unchanged-${kind}`} />
                  </Col>
                </Row>
              </Card>
            </Col>
          );
        })}
      </Row>
      {(job.counts.closed?.households ?? 0) > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('import.closedSkipped', { households: job.counts.closed?.households ?? 0, rows: job.counts.closed?.rows ?? 0 })}
          data-testid="import-closed-skipped"
        />
      )}
      {nothing && <Alert type="info" showIcon title={t('import.nothingToWrite')} />}
      <Form<{ reason?: string }> form={form} layout="vertical" onFinish={confirm} autoComplete="off" data-testid="import-confirm-form">
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        {corrections > 0 && (
          <>
            <Alert type="warning" showIcon title={t('import.corrections', { count: corrections })} style={{ marginBottom: 16 }} />
            <ReasonField />
          </>
        )}
        <Flex wrap gap={8}>
          <Button type="primary" htmlType="submit" icon={<CheckOutlined />} loading={saving} disabled={nothing} data-testid="import-confirm">
            {t('import.confirm')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={onReupload} disabled={saving}>
            {t('import.reupload')}
          </Button>
        </Flex>
      </Form>
    </Flex>
  );
}
