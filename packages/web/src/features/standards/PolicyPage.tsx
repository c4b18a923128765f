import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Descriptions, Drawer, Flex, Grid, Input, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { can, COUNTRY_CODE, type RegionRef } from '@jingzhun/domain';
import { getEffectiveProfile, getPolicyVersion, listPolicyVersions, type PolicyVersion } from './api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { ErrorResult } from '../../shared/components/ErrorResult.tsx';
import { PageLoading } from '../../shared/components/PageLoading.tsx';
import { useI18n, type Translate } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate, DASH, formatDateTime } from '../../shared/lib/format.ts';
import { basisText } from '../households/evaluation/EvaluationParts.tsx';
import { useRegion } from '../../shared/shell/RegionContext.tsx';
import { NewVersionDrawer } from './NewVersionDrawer.tsx';
import { ProfileSections } from './ProfileSections.tsx';
import { writableScope } from './versionBody.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `/standards`: the standards in force for the selected region on a date (today by default), every
 * stored version that applies to it or was made inside the user's region, and, for those who manage
 * policy, a new version. Open to every signed-in role: the standards are public policy.
 */
export default function PolicyPage() {
  const me = useMe();
  const { t } = useI18n();
  const { code, detail } = useRegion();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const today = chinaDate();
  const dateParam = params.get('date');
  const date = dateParam && ISO_DATE.test(dateParam) ? dateParam : today;
  const versionId = params.get('version');

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (value === undefined || value === '') copy.delete(key);
        else copy.set(key, value);
        return copy;
      },
      { replace: key === 'date' },
    );

  const profile = useApi((signal) => getEffectiveProfile({ region: code, date }, signal), [code, date]);
  const versions = useApi((signal) => listPolicyVersions(undefined, signal), []);
  const names = useScopeNames(detail?.path);
  const scopeName = (scope: string) => names.get(scope) ?? (scope === COUNTRY_CODE ? t('evaluation.national') : scope);
  const mayWrite = can(me.role, 'managePolicy') && writableScope(me.region.code, me.region.code);

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('standards.title')}
        extra={
          mayWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!versions.data} data-testid="policy-new">
              {t('policy.form.open')}
            </Button>
          ) : undefined
        }
      >
        <Flex vertical gap={12}>
          <Flex gap={8} align="center" wrap>
            <CalendarOutlined style={{ color: '#888' }} />
            <Typography.Text type="secondary">{t('policy.onDate')}</Typography.Text>
            <DateInput value={date} onChange={(value) => setParam('date', value === today ? undefined : value)} label={t('policy.onDate')} />
            {date !== today && (
              <Button size="small" onClick={() => setParam('date', undefined)}>
                {t('policy.today')}
              </Button>
            )}
            {profile.loading && profile.data && <Spin size="small" />}
          </Flex>
          {profile.data && (
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              data-testid="policy-effective"
              items={[
                { key: 'region', label: t('policy.region'), children: detail?.name ?? code },
                { key: 'name', label: t('policy.name'), children: profile.data.name },
                { key: 'from', label: t('policy.effectiveFrom'), children: profile.data.effectiveFrom },
                {
                  key: 'basis',
                  label: t('policy.basis'),
                  span: { xs: 1, sm: 2, lg: 3 },
                  children: (
                    <Space size={[4, 4]} wrap>
                      {profile.data.basis.map((b) => (
                        <Tag key={`${b.scopeCode}-${b.version}`} color={b.scopeCode === COUNTRY_CODE ? 'red' : 'blue'}>
                          {scopeName(b.scopeCode)} v{b.version} · {b.effectiveFrom}
                        </Tag>
                      ))}
                      <Typography.Text type="secondary">{t('evaluation.basis', { basis: basisText(profile.data.basis, t) })}</Typography.Text>
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      </Card>

      {profile.error !== undefined ? (
        <Card>
          <ErrorResult error={profile.error} onRetry={profile.reload} />
        </Card>
      ) : !profile.data ? (
        <PageLoading />
      ) : (
        <ProfileSections profile={profile.data} mode="effective" regionCode={code} lastYear={Number(date.slice(0, 4))} />
      )}

      <Card title={t('policy.versions')}>
        {versions.error !== undefined ? (
          <ErrorResult error={versions.error} onRetry={versions.reload} />
        ) : (
          <VersionsTable
            versions={versions.data ?? []}
            loading={versions.loading}
            scopeName={scopeName}
            onView={(id) => setParam('version', id)}
            t={t}
          />
        )}
      </Card>

      {versionId && /^\d{1,18}$/.test(versionId) && (
        <VersionDrawer id={versionId} scopeName={scopeName} onClose={() => setParam('version', undefined)} lastYear={Number(date.slice(0, 4))} />
      )}
      <NewVersionDrawer
        open={creating}
        versions={versions.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          profile.reload();
          versions.reload();
        }}
      />
    </Flex>
  );
}

/** Names of the regions the user can see named: their own path and the selected region's path. */
function useScopeNames(selectedPath: readonly RegionRef[] | undefined): Map<string, string> {
  const me = useMe();
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const r of [...me.region.path, me.region, ...(selectedPath ?? [])]) map.set(r.code, r.name);
    return map;
  }, [me.region, selectedPath]);
}

/** A date typed or picked; only a whole valid date is applied (typing passes through invalid ones). */
function DateInput({ value, onChange, label }: { value: string; onChange: (value: string) => void; label: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input
      type="date"
      aria-label={label}
      value={text}
      min="2014-01-01"
      style={{ width: 170 }}
      onChange={(e) => {
        setText(e.target.value);
        if (ISO_DATE.test(e.target.value) && e.target.value >= '2014-01-01') onChange(e.target.value);
      }}
      data-testid="policy-date"
    />
  );
}

function VersionsTable({
  versions,
  loading,
  scopeName,
  onView,
  t,
}: {
  versions: PolicyVersion[];
  loading: boolean;
  scopeName: (scope: string) => string;
  onView: (id: string) => void;
  t: Translate;
}) {
  const [scope, setScope] = useState<string | undefined>(undefined);
  const scopes = [...new Set(versions.map((v) => v.scopeCode))];
  const rows = scope ? versions.filter((v) => v.scopeCode === scope) : versions;
  const columns: TableColumnsType<PolicyVersion> = [
    { key: 'scope', title: t('policy.scope'), render: (_, v) => `${scopeName(v.scopeCode)}${v.scopeCode === COUNTRY_CODE ? '' : ` (${v.scopeCode})`}` },
    { key: 'version', dataIndex: 'version', title: t('policy.version'), render: (n: number) => `v${n}` },
    { key: 'from', dataIndex: 'effectiveFrom', title: t('policy.effectiveFrom') },
    { key: 'name', dataIndex: 'name', title: t('policy.name') },
    { key: 'reason', dataIndex: 'reason', title: t('policy.reason'), responsive: ['md'], ellipsis: true },
    { key: 'by', dataIndex: 'createdBy', title: t('policy.createdBy'), responsive: ['sm'], render: (v: string | null) => v ?? DASH },
    { key: 'at', dataIndex: 'createdAt', title: t('policy.createdAt'), responsive: ['lg'], render: (v: string) => formatDateTime(v) },
    {
      key: 'view',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, v) => (
        <Button type="link" size="small" onClick={() => onView(v.id)}>
          {t('policy.view')}
        </Button>
      ),
    },
  ];
  return (
    <Flex vertical gap={12}>
      {scopes.length > 1 && (
        <Select<string>
          allowClear
          placeholder={t('policy.allScopes')}
          value={scope}
          onChange={setScope}
          options={scopes.map((s) => ({ value: s, label: scopeName(s) }))}
          style={{ width: 220 }}
          aria-label={t('policy.scope')}
        />
      )}
      <Table<PolicyVersion>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        onRow={(v) => ({ onDoubleClick: () => onView(v.id) })}
        data-testid="policy-versions"
      />
    </Flex>
  );
}

/** One stored version as written: who made it, why, from when, and the sections it changes. */
function VersionDrawer({ id, scopeName, onClose, lastYear }: { id: string; scopeName: (scope: string) => string; onClose: () => void; lastYear: number }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const version = useApi((signal) => getPolicyVersion(id, signal), [id]);
  const v = version.data?.id === id ? version.data : undefined;
  return (
    <Drawer open onClose={onClose} size={screens.md === false ? '100%' : 760} title={v ? `${scopeName(v.scopeCode)} v${v.version} · ${v.name}` : t('policy.view')}>
      {version.error !== undefined ? (
        <ErrorResult error={version.error} onRetry={version.reload} />
      ) : !v ? (
        <PageLoading />
      ) : (
        <Flex vertical gap={16} data-testid="policy-version">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'scope', label: t('policy.scope'), children: `${scopeName(v.scopeCode)} (${v.scopeCode})` },
              { key: 'version', label: t('policy.version'), children: `v${v.version}` },
              { key: 'from', label: t('policy.effectiveFrom'), children: v.effectiveFrom },
              { key: 'name', label: t('policy.name'), children: v.name },
              { key: 'reason', label: t('policy.reason'), children: v.reason },
              { key: 'by', label: t('policy.createdBy'), children: v.createdBy ?? DASH },
              { key: 'at', label: t('policy.createdAt'), children: formatDateTime(v.createdAt) },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {v.scopeCode === COUNTRY_CODE ? t('policy.versionNationalHint') : t('policy.versionHint')}
          </Typography.Paragraph>
          <ProfileSections profile={v} mode="version" regionCode={v.scopeCode} narrow lastYear={lastYear} />
        </Flex>
      )}
    </Drawer>
  );
}
