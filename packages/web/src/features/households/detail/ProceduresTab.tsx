import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PROCEDURE_STATES, procedureKindLabel, stepLabel, type ProcedureKind } from '@jingzhun/domain';
import { isApiError } from '../../../shared/api/client.ts';
import type { HouseholdDetail } from '../api.ts';
import { listProcedures, openProcedure, type ProcedureListItem } from '../../procedures/api.ts';
import { useApi } from '../../../shared/api/useApi.ts';
import { useMe } from '../../../shared/auth/AuthProvider.tsx';
import { ErrorResult } from '../../../shared/components/ErrorResult.tsx';
import { useI18n, type MessageKey } from '../../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../../shared/lib/format.ts';
import { showFormError } from '../../../shared/lib/formErrors.ts';
import { householdRefusalText } from '../../alerts/labels.ts';
import { kindsFor, OPENING_ROLES, PHONE_PATTERN, STATE_COLORS } from '../../procedures/labels.ts';
import { labelOf } from '../labels.ts';

/** Why the server would not open a case, by the rule it names on `householdId`. */
const CONFLICT_MESSAGES: Record<string, MessageKey> = {
  status_does_not_allow: 'procedures.open.statusDoesNotAllow',
  case_already_open: 'procedures.open.caseAlreadyOpen',
  not_monitored: 'procedures.open.notMonitored',
  already_monitored: 'procedures.open.alreadyMonitored',
};

/**
 * 程序: the household's cases (identification, exit, monitoring, …), newest first; the village opens a new
 * one here, offered only the kinds its standing allows, and goes straight to it.
 */
export function ProceduresTab({ household: h, readOnly }: { household: HouseholdDetail; readOnly: boolean }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const [opening, setOpening] = useState(false);
  const cases = useApi((signal) => listProcedures({ householdId: h.id, page: 1, pageSize: 100 }, signal), [h.id]);
  const kinds = kindsFor(h);
  const mayOpen = !readOnly && OPENING_ROLES.includes(me.role);

  const columns: TableColumnsType<ProcedureListItem> = [
    {
      key: 'kind',
      title: t('procedures.col.kind'),
      render: (_, p) => (
        <Link to={`/procedures/${p.id}`} data-testid="household-procedure-link">
          {procedureKindLabel(p.kind, lang)}
        </Link>
      ),
    },
    {
      key: 'state',
      title: t('procedures.col.state'),
      render: (_, p) => <Tag color={STATE_COLORS[p.state]}>{labelOf(PROCEDURE_STATES, p.state, lang)}</Tag>,
    },
    { key: 'step', title: t('procedures.col.currentStep'), render: (_, p) => (p.currentStep ? stepLabel(p.currentStep, lang) : '—') },
    {
      key: 'due',
      title: t('procedures.col.stepDueOn'),
      render: (_, p) =>
        p.state === 'open' ? (
          <Flex gap={6} align="center">
            <span>{p.stepDueOn ?? p.dueOn}</span>
            {p.overdue && <Tag color="red">{t('procedures.overdueTag')}</Tag>}
          </Flex>
        ) : (
          '—'
        ),
    },
    { key: 'openedOn', dataIndex: 'openedOn', title: t('procedures.col.openedOn') },
    { key: 'closedOn', dataIndex: 'closedOn', title: t('procedures.col.closedOn'), render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Flex vertical gap={12} data-testid="household-procedures">
      {mayOpen && (
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text type="secondary">
            {kinds.length > 0 ? t('procedures.open.allowedHint', { kinds: kinds.map((k) => procedureKindLabel(k, lang)).join(lang === 'en' ? ', ' : '、') }) : t('procedures.open.noneAllowed')}
          </Typography.Text>
          <Button type="primary" icon={<PlusOutlined />} disabled={kinds.length === 0} onClick={() => setOpening(true)} data-testid="procedure-open">
            {t('procedures.open.button')}
          </Button>
        </Flex>
      )}
      {cases.error !== undefined ? (
        <ErrorResult error={cases.error} onRetry={cases.reload} />
      ) : (
        <Table<ProcedureListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={cases.data?.items ?? []}
          loading={cases.loading}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: t('procedures.householdNone') }}
          data-testid="household-procedures-table"
        />
      )}
      {opening && <OpenCaseModal household={h} kinds={kinds} onClose={() => setOpening(false)} />}
    </Flex>
  );
}

interface OpenValues {
  kind?: ProcedureKind;
  openedOn?: string;
  complaintPhone?: string;
}

/** 发起: which kind of case (only those the household's standing allows), since when, and the phone for objections. */
function OpenCaseModal({ household: h, kinds, onClose }: { household: HouseholdDetail; kinds: ProcedureKind[]; onClose: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<OpenValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ text: string; procedureId?: string } | null>(null);
  const today = chinaDate();

  const submit = async (values: OpenValues) => {
    if (!values.kind) return;
    setSaving(true);
    setProblem(null);
    try {
      const phone = values.complaintPhone?.trim();
      const opened = await openProcedure({
        kind: values.kind,
        householdId: h.id,
        ...(values.openedOn ? { openedOn: values.openedOn } : {}),
        ...(phone ? { complaintPhone: phone } : {}),
      });
      void navigate(`/procedures/${opened.id}`);
    } catch (e) {
      // A refusal about the household itself (its standing, a case already open) says why in our words.
      const rule = isApiError(e) ? e.fieldErrors.find((f) => f.path === 'householdId') : undefined;
      const key = rule ? CONFLICT_MESSAGES[(rule as { code?: string }).code ?? ''] : undefined;
      if (isApiError(e) && key) {
        const procedureId = (e.details as { procedureId?: unknown } | undefined)?.procedureId;
        setProblem({ text: t(key), ...(typeof procedureId === 'string' ? { procedureId } : {}) });
      } else if (isApiError(e) && rule) {
        // Other refusals about the household (a risk removal too early, income or assurances not secure) say why with the server's figures.
        setProblem({ text: householdRefusalText(rule.message, e.details, lang, t) });
      } else {
        showFormError(form, e, (text) => setProblem({ text }), { fieldNames: ['kind', 'openedOn', 'complaintPhone'] });
      }
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('procedures.open.title', { name: h.headName })}
      okText={t('procedures.open.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
    >
      <Form<OpenValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        autoComplete="off"
        initialValues={{ kind: kinds.length === 1 ? kinds[0] : undefined, openedOn: today }}
        data-testid="procedure-open-form"
      >
        {problem && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.text}
            data-testid="procedure-open-error"
            {...(problem.procedureId
              ? { action: <Link to={`/procedures/${problem.procedureId}`}>{t('procedures.open.seeOpenCase')}</Link> }
              : {})}
          />
        )}
        <Form.Item name="kind" label={t('procedures.col.kind')} rules={[{ required: true, message: t('procedures.open.kindRequired') }]}>
          <Radio.Group>
            <Flex vertical gap={8}>
              {kinds.map((k) => (
                <Radio key={k} value={k} data-testid={`procedure-open-kind-${k}`}>
                  {procedureKindLabel(k, lang)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="openedOn"
          label={t('procedures.open.openedOn')}
          extra={t('procedures.open.openedOnHint')}
          rules={[
            { required: true, message: t('common.required') },
            { validator: (_, v: string | undefined) => (!v || v <= today ? Promise.resolve() : Promise.reject(new Error(t('procedures.dateInFuture')))) },
          ]}
        >
          <Input type="date" max={today} style={{ maxWidth: 220 }} />
        </Form.Item>
        <Form.Item
          name="complaintPhone"
          label={t('procedures.notice.complaintPhone')}
          extra={t('procedures.notice.complaintPhoneHint')}
          rules={[{ pattern: PHONE_PATTERN, message: t('procedures.notice.phoneInvalid') }]}
        >
          <Input inputMode="tel" maxLength={13} style={{ maxWidth: 240 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
