import { Alert, Breadcrumb, Button, Flex } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { levelName } from '@jingzhun/domain';
import { useMe } from '../auth/AuthProvider.tsx';
import { RegionCascader } from '../components/RegionCascader.tsx';
import { RegionSearch } from '../components/RegionSearch.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useRegion } from './RegionContext.tsx';

/** The breadcrumb of the selected region (from the user's own region down), the picker and the search box. */
export function RegionBar() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { code, detail, error, scopePath, select, searchFor } = useRegion();
  const root = { code: me.region.code, name: me.region.name, level: me.region.level };

  return (
    <div style={{ background: '#fff', padding: '8px clamp(8px, 3vw, 24px)', borderBottom: '1px solid #f0f0f0' }}>
      <Flex wrap gap={12} align="center" justify="space-between">
        <Breadcrumb
          aria-label={t('region.current')}
          items={scopePath.map((r, i) => {
            const last = i === scopePath.length - 1;
            const label = (
              <span title={`${levelName(r.level, lang)} · ${r.code}`}>
                {i === 0 && <EnvironmentOutlined style={{ marginRight: 4 }} />}
                {r.name}
              </span>
            );
            return { key: r.code, title: last ? <strong data-testid="region-current">{label}</strong> : <Link to={{ search: searchFor(r.code) }}>{label}</Link> };
          })}
        />
        <Flex wrap gap={8}>
          <RegionCascader
            root={root}
            {...(detail ? { valuePath: scopePath } : {})}
            onPick={(r) => select(r.code)}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <RegionSearch root={root} onPick={(r) => select(r.code)} style={{ width: 240, maxWidth: '100%' }} />
        </Flex>
      </Flex>
      {error !== undefined && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={`${code}: ${error instanceof Error ? error.message : String(error)}`}
          action={
            <Button size="small" onClick={() => select(me.region.code)}>
              {t('region.backToOwn')}
            </Button>
          }
        />
      )}
    </div>
  );
}
