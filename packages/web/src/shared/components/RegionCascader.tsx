import { useEffect, useState, type CSSProperties, type ReactElement } from 'react';
import { App, Cascader } from 'antd';
import type { RegionLevel } from '@jingzhun/domain';
import type { RegionRef } from '../auth/session.ts';
import { getChildren } from '../api/regions.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface RegionOption {
  value: string;
  label: string;
  level: RegionLevel;
  isLeaf: boolean;
  children?: RegionOption[];
}

const VILLAGE: RegionLevel = 5;

function rootOption(root: RegionRef): RegionOption {
  return { value: root.code, label: root.name, level: root.level, isLeaf: root.level >= VILLAGE };
}

interface Props {
  /** The top of the tree: the user's own region. */
  root: RegionRef;
  /** The selected path from `root` down (controlled), if any. */
  valuePath?: RegionRef[];
  onPick: (region: RegionRef) => void;
  /** A custom trigger (e.g. a button) instead of the input box. */
  children?: ReactElement;
  style?: CSSProperties;
  placeholder?: string;
}

/** A region picker from the user's own region down, loading each level's children when opened. */
export function RegionCascader({ root, valuePath, onPick, children, style, placeholder }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [options, setOptions] = useState<RegionOption[]>(() => [rootOption(root)]);

  // Start over only when the root region itself changes (another user signed in), not on each render.
  useEffect(() => {
    setOptions([rootOption(root)]);
  }, [root.code, root.name, root.level]);

  const loadData = (selected: RegionOption[]) => {
    const target = selected.at(-1);
    if (!target) return;
    getChildren(target.value).then(
      (items) => {
        target.children = items.map((r) => ({
          value: r.code,
          label: r.name,
          level: r.level,
          isLeaf: r.childCount === 0 || r.level >= VILLAGE,
        }));
        if (items.length === 0) target.isLeaf = true;
        setOptions((prev) => [...prev]);
      },
      (e: unknown) => {
        void message.error(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <Cascader<RegionOption>
      options={options}
      loadData={loadData}
      changeOnSelect
      allowClear={false}
      style={style}
      placeholder={placeholder ?? t('region.pick')}
      aria-label={t('region.pick')}
      value={valuePath?.map((r) => r.code)}
      // Options of the selected path may not be loaded yet; the known path gives the names.
      displayRender={(labels) => (valuePath ? valuePath.map((r) => r.name).join(' / ') : labels.join(' / '))}
      onChange={(_value, selectedOptions) => {
        const last = selectedOptions?.at(-1);
        if (last) onPick({ code: last.value, name: last.label, level: last.level });
      }}
    >
      {children}
    </Cascader>
  );
}
