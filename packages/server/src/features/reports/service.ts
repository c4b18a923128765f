import { exitThresholdFor, REPORT_KINDS, type RegionRef, type ReportKind } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { CHILD_CODE_LENGTH, childRegions, regionPath } from '../regions/service.ts';
import { setContextFor, statRegionAndYear } from '../stats/service.ts';
import { both, chinaTime, L, type Labels, type Report } from './report.ts';
import { type Frame, TABLES } from './tables.ts';

/**
 * The standard reports (标准报表): each is built once as tables of figures (rows: the region's children and a
 * total row, or the village alone) with its header lines (here, the tables in tables.ts), then rendered to
 * .xlsx or .pdf (render.ts). Every number comes from the statistics' figures (stats/figures.service.ts); the
 * total row is the region-wide figure of the same function the overview reads, so a report's totals and
 * the dashboard's cannot differ.
 */

/** What each report says about its figures besides the common lines. */
function notesOf(kind: ReportKind, frame: Frame): Labels[] {
  const threshold = `${(exitThresholdFor(frame.profile, frame.region.code) * 100).toFixed(2)}%`;
  const incidence = L('贫困发生率 = 未脱贫人口 / 农村户籍人口;无人口数据时留空。', 'Incidence = poor persons / rural registered population; blank without a population figure.');
  switch (kind) {
    case 'summary':
      return [incidence, L('人均纯收入按人口加权(纯收入合计 / 人口合计)。', 'Net income per head is weighted by persons (all net income / all persons).')];
    case 'exits':
      return [incidence, L(`退出标准:贫困发生率低于 ${threshold}。`, `Exit threshold: incidence below ${threshold}.`)];
    case 'monitoring':
      return [L('监测对象为年末在监测中的户;预警按预警所在村统计。', 'Monitored: households under monitoring at year end; alerts count in the village they were raised for.')];
    case 'measures':
      return [L('措施:当年实施中(未取消)的措施;收益:当年发放的款项,按措施类别或发放单位。', 'Measures: not cancelled and under way in the year; benefits: paid in the year, by the measure family or the payer.')];
    case 'visits':
      return [L(`结对与超期按 ${frame.ctx.asOf} 计;走访按当年计。`, `Pairings and lateness as of ${frame.ctx.asOf}; visits in the year.`)];
  }
}

/**
 * Builds a report of a region and year for a user: the region must lie in the user's scope and the year
 * among the years with data (as the overview checks them). A few grouped queries per report.
 */
export async function buildReport(db: Db, user: SessionUser, kind: ReportKind, code: string, year: number | undefined): Promise<Report> {
  const { region, year: y } = await statRegionAndYear(db, user, code, year);
  const childLength = CHILD_CODE_LENGTH[region.level] ?? null;
  const [{ profile, ctx }, path, children] = await Promise.all([
    setContextFor(db, region.code, y),
    regionPath(db, region.code),
    childLength === null ? Promise.resolve([]) : childRegions(db, region.code),
  ]);
  const ref: RegionRef = { code: region.code, name: region.name, level: region.level };
  const frame: Frame = { region: ref, children: children.map((c) => ({ code: c.code, name: c.name })), year: y, childLength, profile, ctx };
  const generatedAt = new Date();
  const tables = await TABLES[kind](db, frame);
  const place = path.filter((p) => p.code !== '').map((p) => p.name).join(' ');
  return {
    kind,
    title: REPORT_KINDS[kind],
    region: ref,
    path,
    year: y,
    generatedAt,
    profile: { scopeCode: profile.scopeCode, version: profile.version, name: profile.name },
    lines: [
      { label: L('报表', 'Report'), value: both(REPORT_KINDS[kind]) },
      { label: L('地区', 'Region'), value: `${place} (${region.code})` },
      { label: L('年度', 'Year'), value: String(y) },
      { label: L('生成时间', 'Generated at'), value: chinaTime(generatedAt) },
      {
        label: L('政策标准', 'Policy profile'),
        value: `${profile.name} (${profile.scopeCode || '全国 national'}, 第 ${profile.version} 版 version ${profile.version})`,
      },
      {
        label: L('数据说明', 'About the figures'),
        value: '本表数字由系统在生成时根据建档立卡数据统计 Figures are counted from the registry at generation time',
      },
    ],
    notes: notesOf(kind, frame),
    tables,
  };
}

/** The report's file name, without the extension: region, year and the Chinese title. */
export function reportFileName(report: Report): string {
  return `${report.region.name}-${report.year}-${report.title['zh-CN']}`;
}
