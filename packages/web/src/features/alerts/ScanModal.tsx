import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Modal, Progress, Result, Select, Typography } from 'antd';
import { getScan, startScan, type ScanStatus } from './api.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { formatNumber } from '../../shared/lib/format.ts';
import { showFormError } from '../../shared/lib/formErrors.ts';
import { PlacePicker } from '../../shared/components/PlacePicker.tsx';
import { thisYear, yearOptions } from '../../shared/lib/query.ts';

const POLL_MS = 700;

interface ScanValues {
  region?: string;
  year?: number;
}

/**
 * 全面排查: runs the alert rules over every household of a region for a year (after the year's incomes
 * are in, or a threshold changed), and shows its progress and what it raised.
 */
export function ScanModal({ region, regionName, onClose, onDone }: { region: string; regionName: string; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<ScanValues>();
  const [scan, setScan] = useState<ScanStatus | null>(null);
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const running = scan?.state === 'running';

  // While it runs, ask for its progress; once done, the list behind is read again.
  useEffect(() => {
    if (!scan || scan.state !== 'running') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      getScan(scan.id, controller.signal).then(
        (next) => {
          setScan(next);
          if (next.state === 'done') onDone();
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setFailure(e instanceof Error ? e.message : String(e));
          setScan({ ...scan, state: 'failed' });
        },
      );
    }, POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [scan]); // `onDone` is the caller's reload and needs no tracking.

  const submit = async (values: ScanValues) => {
    setStarting(true);
    setFailure(null);
    try {
      const started = await startScan({ ...(values.region ? { region: values.region } : {}), ...(values.year ? { year: values.year } : {}) });
      setScan(started);
      if (started.state === 'done') onDone();
    } catch (e) {
      showFormError(form, e, setFailure, { fieldNames: ['region', 'year'], codeFields: { region_outside_scope: 'region', year_out_of_range: 'year' } });
    } finally {
      setStarting(false);
    }
  };

  const n = (value: number) => formatNumber(value, lang);
  return (
    <Modal
      open
      title={t('monitoring.scan.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      width={520}
      footer={
        scan ? (
          <Button type={running ? 'default' : 'primary'} onClick={onClose}>
            {running ? t('monitoring.scan.background') : t('monitoring.close')}
          </Button>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={starting} onClick={() => form.submit()} data-testid="scan-start">
              {t('monitoring.scan.start')}
            </Button>
          </Flex>
        )
      }
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      {!scan ? (
        <Form<ScanValues> form={form} layout="vertical" onFinish={submit} initialValues={{ region, year: thisYear() }} data-testid="scan-form">
          <Typography.Paragraph type="secondary">{t('monitoring.scan.hint', { name: regionName })}</Typography.Paragraph>
          <Form.Item name="region" label={t('monitoring.scan.region')}>
            <PlacePicker />
          </Form.Item>
          <Form.Item name="year" label={t('monitoring.scan.year')} rules={[{ required: true, message: t('common.required') }]}>
            <Select<number> options={yearOptions()} style={{ width: 140 }} />
          </Form.Item>
        </Form>
      ) : scan.state === 'running' ? (
        <Flex vertical align="center" gap={12} style={{ padding: '16px 0' }} data-testid="scan-running">
          <Typography.Text>{t('monitoring.scan.running', { year: scan.year })}</Typography.Text>
          <Progress percent={Math.floor(scan.progress * 100)} status="active" style={{ width: '100%' }} />
        </Flex>
      ) : scan.state === 'done' ? (
        <Result
          status="success"
          title={t('monitoring.scan.done', { year: scan.year })}
          subTitle={t('monitoring.scan.result', { judged: n(scan.judged), raised: n(scan.raised), updated: n(scan.updated) })}
          data-testid="scan-done"
        />
      ) : (
        <Result status="error" title={t('monitoring.scan.failed')} subTitle={scan.message ?? failure ?? ''} />
      )}
    </Modal>
  );
}
