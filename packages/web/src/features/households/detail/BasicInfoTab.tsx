import { Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { CAUSES, HOUSING_GRADES, MONITORING_CATEGORIES } from '@jingzhun/domain';
import type { HouseholdDetail } from '../api.ts';
import { useI18n } from '../../../shared/i18n/I18nProvider.tsx';
import { ASSET_FIELDS, ASSET_LABELS, CONDITION_FLAGS, CONDITION_LABELS, labelOf } from '../labels.ts';

/** Houses graded C or D are unsafe (危房) and need renovation or relocation. */
const SAFE_GRADES = ['A', 'B'];

/** A condition met, not met, or never assessed. */
function PassTag({ pass, children }: { pass: boolean | null | undefined; children: string }) {
  if (pass === null || pass === undefined) {
    return (
      <Tag icon={<QuestionCircleOutlined />} data-testid="condition-unknown">
        {children}
      </Tag>
    );
  }
  return (
    <Tag color={pass ? 'success' : 'error'} icon={pass ? <CheckCircleOutlined /> : <CloseCircleOutlined />} data-testid={pass ? 'condition-pass' : 'condition-fail'}>
      {children}
    </Tag>
  );
}

/** 基本信息: address, phone, bank, causes, the conditions of 两不愁三保障 and water, assets. */
export function BasicInfoTab({ household: h }: { household: HouseholdDetail }) {
  const { t, lang } = useI18n();
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const c = h.conditions;
  const passText = (pass: boolean | null | undefined) =>
    pass === null || pass === undefined ? t('common.notRecorded') : pass ? t('household.pass') : t('household.fail');

  return (
    <Flex vertical gap={24}>
      <Descriptions
        column={{ xs: 1, sm: 2, lg: 3 }}
        size="small"
        items={[
          { key: 'address', label: t('household.address'), children: h.address || none, span: { xs: 1, sm: 2, lg: 2 } },
          { key: 'phone', label: t('household.phone'), children: h.phone ?? none },
          { key: 'bankName', label: t('household.bankName'), children: h.bankName ?? none },
          { key: 'bankAccount', label: t('household.bankAccount'), children: h.bankAccount ?? none },
          { key: 'mainCause', label: t('household.mainCause'), children: labelOf(CAUSES, h.mainCause, lang) },
          {
            key: 'secondaryCauses',
            label: t('household.secondaryCauses'),
            children:
              h.secondaryCauses.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {h.secondaryCauses.map((cause) => (
                    <Tag key={cause}>{labelOf(CAUSES, cause, lang)}</Tag>
                  ))}
                </Space>
              ) : (
                none
              ),
          },
          { key: 'yearRegistered', label: t('household.yearRegistered'), children: h.yearRegistered },
          { key: 'yearExited', label: t('household.yearExited'), children: h.yearExited ?? none },
          ...(h.yearReturned !== null ? [{ key: 'yearReturned', label: t('standards.yearReturned'), children: h.yearReturned }] : []),
          {
            key: 'monitoringCategory',
            label: t('standards.monitoringCategory'),
            children: h.monitoringCategory ? (
              <Tag color="orange" data-testid="monitoring-category">
                {labelOf(MONITORING_CATEGORIES, h.monitoringCategory, lang)}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{t('standards.notMonitored')}</Typography.Text>
            ),
          },
          ...(h.monitoringSince !== null ? [{ key: 'monitoringSince', label: t('standards.monitoringSince'), children: h.monitoringSince }] : []),
          ...(h.riskRemovedOn !== null ? [{ key: 'riskRemovedOn', label: t('standards.riskRemovedOn'), children: h.riskRemovedOn }] : []),
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('household.conditions')}</Typography.Title>
        {c === null ? (
          <Typography.Text type="secondary">{t('household.conditionsMissing')}</Typography.Text>
        ) : (
          <Descriptions
            column={{ xs: 1, sm: 2, lg: 4 }}
            size="small"
            data-testid="household-conditions"
            items={[
              ...CONDITION_FLAGS.slice(0, 2).map((field) => ({
                key: field,
                label: t(CONDITION_LABELS[field]),
                children: <PassTag pass={c[field]}>{passText(c[field])}</PassTag>,
              })),
              {
                key: 'housingGrade',
                label: t('condition.housingGrade'),
                children:
                  c.housingGrade === null ? (
                    <PassTag pass={null}>{t('common.notRecorded')}</PassTag>
                  ) : (
                    <PassTag pass={SAFE_GRADES.includes(c.housingGrade)}>{labelOf(HOUSING_GRADES, c.housingGrade, lang)}</PassTag>
                  ),
              },
              ...CONDITION_FLAGS.slice(2).map((field) => ({
                key: field,
                label: t(CONDITION_LABELS[field]),
                children: <PassTag pass={c[field]}>{passText(c[field])}</PassTag>,
              })),
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('household.conditionsMembersHint')}
        </Typography.Paragraph>
      </div>
      <div>
        <Typography.Title level={5}>{t('household.assets')}</Typography.Title>
        <Space size={[8, 8]} wrap>
          {ASSET_FIELDS.map((field) => (
            <Tag key={field} color={h.assets[field] ? 'orange' : undefined} data-testid={h.assets[field] === null ? 'asset-unknown' : undefined}>
              {t(ASSET_LABELS[field])}: {h.assets[field] === null ? t('common.notRecorded') : h.assets[field] ? t('common.yes') : t('common.no')}
            </Tag>
          ))}
        </Space>
      </div>
    </Flex>
  );
}
