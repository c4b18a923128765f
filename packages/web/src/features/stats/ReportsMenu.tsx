import { useState } from 'react';
import { App, Button, Dropdown, type MenuProps } from 'antd';
import { DownOutlined, FileExcelOutlined, FilePdfOutlined, FileTextOutlined } from '@ant-design/icons';
import { REPORT_KIND_NAMES, REPORT_KINDS, type ReportKind } from '@jingzhun/domain';
import { downloadReport } from './api.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { saveFile } from '../../shared/lib/download.ts';

/** The standard reports (标准报表) of the region and year, each as a workbook or a PDF. */
export function ReportsMenu({ region, regionName, year, compact }: { region: string; regionName: string; year: number; compact: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const download = async (kind: ReportKind, format: 'xlsx' | 'pdf') => {
    setBusy(true);
    try {
      const file = await downloadReport(kind, format, region, year);
      saveFile(file.blob, file.fileName ?? `${regionName}-${year}-${REPORT_KINDS[kind][lang]}.${format}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const menu: MenuProps = {
    items: REPORT_KIND_NAMES.map((kind) => ({
      key: kind,
      type: 'group' as const,
      label: REPORT_KINDS[kind][lang],
      children: [
        { key: `${kind}.xlsx`, icon: <FileExcelOutlined />, label: t('stats.reports.xlsx'), 'data-testid': `stats-report-${kind}-xlsx` },
        { key: `${kind}.pdf`, icon: <FilePdfOutlined />, label: t('stats.reports.pdf'), 'data-testid': `stats-report-${kind}-pdf` },
      ],
    })),
    onClick: ({ key }) => {
      const [kind, format] = key.split('.') as [ReportKind, 'xlsx' | 'pdf'];
      void download(kind, format);
    },
  };

  return (
    <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
      <Button icon={<FileTextOutlined />} loading={busy} aria-label={t('stats.reports.menu')} title={t('stats.reports.menu')} data-testid="stats-reports">
        {!compact && t('stats.reports.menu')}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
