import { useMemo } from 'react';
import { Card, Flex, Form, Spin, Typography } from 'antd';
import { CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { evaluateHousehold, type EvaluationInput, type HouseholdDetail, type MemberView } from '@jingzhun/domain';
import { getEffectiveProfile } from '../../standards/api.ts';
import { useApi } from '../../../shared/api/useApi.ts';
import { isVillageCode } from '../../../shared/components/VillagePicker.tsx';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import type { ConditionValues } from '../form/HouseholdFields.tsx';
import type { IncomeValues } from '../form/IncomeFields.tsx';
import type { MemberValues } from '../form/memberForm.ts';
import { assetsForEvaluation, conditionsForEvaluation, incomesForEvaluation, memberForEvaluation } from './formInput.ts';
import { BasisLine, currentYear, decisionDate, FIRST_EVALUATION_YEAR, MissingLine, OutcomeTag, outcomeExplanation } from './EvaluationParts.tsx';

interface PreviewProps {
  villageCode: string | undefined;
  /** The household as the form would save it; null while there is nothing to judge. */
  input: EvaluationInput | null;
  year: number;
  /** The name of the member at an index of `input.members`, for the missing-data line. */
  memberName: (index: number) => string | undefined;
  /** Inside a dialog the panel sits without a card of its own. */
  bordered?: boolean;
}

/**
 * The decision the standards in force for the village would take on what is typed, computed in the
 * browser by the same domain rules the server runs: the profile is fetched once per village and date,
 * then every change of the form re-evaluates at once. Shows the outcome and what fails or is unknown.
 */
export function EvaluationPreview({ villageCode, input, year, memberName, bordered = true }: PreviewProps) {
  const { t, lang } = useI18n();
  const village = isVillageCode(villageCode) ? villageCode : undefined;
  // Before 2014 no standard was in force: such a year is judged under the first one.
  const date = decisionDate(Math.max(year, FIRST_EVALUATION_YEAR));
  const profile = useApi((signal) => getEffectiveProfile({ region: village, date }, signal), [village, date], village === undefined);
  const evaluation = useMemo(
    () => (profile.data && input && village ? evaluateHousehold(input, profile.data, year, { line: 'poverty' }) : undefined),
    [profile.data, input, year, village],
  );
  const open = evaluation ? [...evaluation.exclusions, ...evaluation.criteria].filter((c) => c.passed !== true) : [];

  const body =
    village === undefined ? (
      <Typography.Text type="secondary">{t('evaluation.preview.needVillage')}</Typography.Text>
    ) : profile.error !== undefined ? (
      <Typography.Text type="danger">
        {t('evaluation.preview.failed')}: {profile.error instanceof Error ? profile.error.message : String(profile.error)}
      </Typography.Text>
    ) : !evaluation || !input ? (
      <Spin size="small" />
    ) : (
      <Flex vertical gap={6}>
        <Flex gap={8} align="center" wrap>
          <OutcomeTag outcome={evaluation.outcome} t={t} />
          <Typography.Text>{outcomeExplanation(evaluation.outcome, 'poverty', input.status, t)}</Typography.Text>
        </Flex>
        {open.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 4, listStyle: 'none' }} data-testid="evaluation-preview-open">
            {open.map((c) => (
              <li key={`${c.kind}-${c.code}`} style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
                {c.passed === false ? (
                  <CloseCircleFilled style={{ color: '#cf1322', flex: 'none' }} aria-label={t('evaluation.failed')} />
                ) : (
                  <QuestionCircleFilled style={{ color: '#8c8c8c', flex: 'none' }} aria-label={t('evaluation.unknown')} />
                )}
                <Typography.Text type={c.passed === false ? 'danger' : 'secondary'}>{c.message[lang]}</Typography.Text>
              </li>
            ))}
          </ul>
        )}
        {open.length === 0 && <Typography.Text type="success">{t('evaluation.preview.allMet')}</Typography.Text>}
        {evaluation.missing.length > 0 && <MissingLine paths={evaluation.missing} memberName={memberName} t={t} lang={lang} />}
        <BasisLine basis={evaluation.profileBasis} t={t} />
      </Flex>
    );

  const title = (
    <Flex gap={8} align="baseline" wrap>
      <span>{t('evaluation.preview.title')}</span>
      <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
        {t('evaluation.preview.year', { year })}
      </Typography.Text>
    </Flex>
  );
  return (
    <Card size="small" title={title} variant={bordered ? 'outlined' : 'borderless'} style={bordered ? undefined : { background: '#fafafa', marginBottom: 16 }} data-testid="evaluation-preview">
      {body}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('evaluation.preview.hint')}
      </Typography.Paragraph>
    </Card>
  );
}

// ---- the previews of each form ----

const lastYear = () => currentYear() - 1;

interface CreateValues {
  status?: string;
  villageCode?: string;
  conditions?: ConditionValues;
  assets?: Partial<Record<'car' | 'machinery' | 'townProperty' | 'registeredBusiness', boolean | null>>;
  members?: Array<MemberValues | undefined>;
  incomes?: Array<IncomeValues | undefined>;
}

/**
 * The preview of the registration form: the latest year of income typed (last year when none), the
 * status chosen (an applicant is judged for inclusion, a poor household for exit).
 */
export function CreateFormPreview() {
  const form = Form.useFormInstance<CreateValues>();
  const status = Form.useWatch('status', form) as string | undefined;
  const villageCode = Form.useWatch('villageCode', form) as string | undefined;
  const conditions = Form.useWatch('conditions', form) as ConditionValues | undefined;
  const assets = Form.useWatch('assets', form) as CreateValues['assets'];
  const members = Form.useWatch('members', form) as CreateValues['members'];
  const incomes = Form.useWatch('incomes', form) as CreateValues['incomes'];

  const typed = useMemo(() => (members ?? []).filter((m): m is MemberValues => Boolean(m)), [members]);
  const incomeRows = useMemo(() => incomesForEvaluation(incomes ?? [], typed), [incomes, typed]);
  const year = incomeRows.reduce((latest, i) => Math.max(latest, i.year), 0) || lastYear();
  const input = useMemo<EvaluationInput | null>(
    () =>
      typed.length === 0
        ? null
        : {
            status: status ?? 'poor',
            conditions: conditionsForEvaluation(conditions),
            // An asset left 未填 is saved as unknown, so it is read as unknown here too.
            assets: assetsForEvaluation(assets),
            members: typed.map((m) => memberForEvaluation(m)),
            incomes: incomeRows,
          },
    [status, conditions, assets, typed, incomeRows],
  );
  return <EvaluationPreview villageCode={villageCode} input={input} year={year} memberName={(i) => typed[i]?.name} />;
}

/** The household with its conditions and assets as corrected in the dialog. */
export function HouseholdEditPreview({ household: h }: { household: HouseholdDetail }) {
  const form = Form.useFormInstance();
  const conditions = Form.useWatch('conditions', form) as ConditionValues | undefined;
  const assets = Form.useWatch('assets', form) as CreateValues['assets'];
  const input = useMemo<EvaluationInput>(
    () => ({
      ...h,
      conditions: conditionsForEvaluation(conditions),
      assets: assetsForEvaluation(assets),
    }),
    [h, conditions, assets],
  );
  return <EvaluationPreview villageCode={h.villageCode} input={input} year={lastYear()} memberName={(i) => h.members[i]?.name} bordered={false} />;
}

/** The household with the year of income being entered or corrected, judged for that year. */
export function IncomeEditPreview({ household: h }: { household: HouseholdDetail }) {
  const form = Form.useFormInstance();
  const income = Form.useWatch(['incomes', 0], form) as IncomeValues | undefined;
  const year = income?.year ?? lastYear();
  const input = useMemo<EvaluationInput>(() => {
    const edited = incomesForEvaluation([income], h.members);
    return { ...h, incomes: [...h.incomes.filter((i) => !edited.some((e) => e.year === i.year)), ...edited] };
  }, [h, income]);
  return <EvaluationPreview villageCode={h.villageCode} input={input} year={year} memberName={(i) => h.members[i]?.name} bordered={false} />;
}

/**
 * The household with a member as corrected (`member` given) or a member joining (none given), judged
 * for last year; a member who joins this year does not count for it, as on the server.
 */
export function MemberEditPreview({ household: h, member }: { household: HouseholdDetail; member?: MemberView }) {
  const form = Form.useFormInstance();
  const values = Form.useWatch('member', form) as MemberValues | undefined;
  const kind = Form.useWatch('kind', form) as string | undefined;
  const occurredOn = Form.useWatch('occurredOn', form) as string | undefined;
  const input = useMemo<EvaluationInput>(() => {
    if (member) {
      const members = h.members.map((m) =>
        m.id === member.id ? { ...memberForEvaluation(values), status: m.status, joinedOn: m.joinedOn, leftOn: m.leftOn } : m,
      );
      return { ...h, members };
    }
    const joinedOn = kind === 'birth' ? (values?.birthDate ?? null) : (occurredOn ?? null);
    return { ...h, members: [...h.members, memberForEvaluation(values, { joinedOn })] };
  }, [h, member, values, kind, occurredOn]);
  const memberName = (i: number) => (i < h.members.length ? (member?.id === h.members[i]?.id ? values?.name : h.members[i]?.name) : values?.name);
  return <EvaluationPreview villageCode={h.villageCode} input={input} year={lastYear()} memberName={memberName} bordered={false} />;
}
