import { Button, Input, Space, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { isRegionCode } from '@jingzhun/domain';
import { getRegion } from '../api/regions.ts';
import { useApi } from '../api/useApi.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { RegionCascader } from './RegionCascader.tsx';

interface Props {
  value?: string;
  onChange?: (code: string) => void;
  id?: string;
  status?: '' | 'error' | 'warning';
}

/** A form control for a region code: typed, or picked from the tree; shows the name of a known code. */
export function RegionCodeInput({ value, onChange, id, status }: Props) {
  const me = useMe();
  const { t } = useI18n();
  const code = (value ?? '').trim();
  const known = useApi((signal) => getRegion(code, signal), [code], !isRegionCode(code));
  const found = isRegionCode(code) && known.data?.code === code && known.error === undefined ? known.data : undefined;
  const root = { code: me.region.code, name: me.region.name, level: me.region.level };

  return (
    <div>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          value={value}
          status={status}
          inputMode="numeric"
          maxLength={12}
          onChange={(e) => onChange?.(e.target.value.trim())}
          placeholder={me.region.code}
        />
        <RegionCascader root={root} onPick={(r) => onChange?.(r.code)}>
          <Button icon={<ApartmentOutlined />}>{t('region.pick')}</Button>
        </RegionCascader>
      </Space.Compact>
      {found && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {found.path
            .slice(Math.max(0, found.path.findIndex((r) => r.code === me.region.code)))
            .map((r) => r.name)
            .join(' / ')}
        </Typography.Text>
      )}
    </div>
  );
}
