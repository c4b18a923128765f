import {
  CAUSES,
  DISABILITY_TYPES,
  EDUCATION_LEVELS,
  EMPLOYMENT_KINDS,
  HEALTH_STATES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSING_GRADES,
  LABOUR_CAPACITIES,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from '@jingzhun/domain';
import type { CellKind, SheetColumn } from '../../kernel/sheets/sheet-reader.ts';

export type { CellKind, SheetColumn };

type Labels = Record<string, { 'zh-CN': string; en: string }>;

const code = (list: Labels, listName: string): CellKind => ({ kind: 'code', list, listName });

/**
 * The household workbook: one row per member, household fields on the head's row; `户编号` names an
 * existing household, `户序号` groups the rows of a new one. The same columns serve the template, the
 * full export and the import, so an export imports back to identical data. A fact left blank is not
 * recorded (unknown): never read as 否, 健康 or any other default, and exported blank again.
 */
export const MEMBER_COLUMNS: SheetColumn[] = [
  { key: 'householdNo', header: '户编号', width: 18, required: false, cell: { kind: 'text', max: 20 }, note: '已登记户填写;新户留空' },
  { key: 'groupKey', header: '户序号', width: 8, required: false, cell: { kind: 'text', max: 20 }, note: '新户填写,同一户各行相同' },
  { key: 'villageCode', header: '村代码', width: 14, required: true, cell: { kind: 'text', max: 12 }, household: true },
  { key: 'address', header: '住址', width: 24, required: false, cell: { kind: 'text', max: 200 }, household: true },
  { key: 'householdPhone', header: '户联系电话', width: 14, required: false, cell: { kind: 'text', max: 20 }, household: true },
  { key: 'attribute', header: '户属性', width: 12, required: true, cell: code(HOUSEHOLD_ATTRIBUTES, '户属性'), household: true },
  { key: 'mainCause', header: '主要致贫原因', width: 14, required: true, cell: code(CAUSES, '致贫原因'), household: true },
  { key: 'secondaryCauses', header: '次要致贫原因', width: 18, required: false, cell: { kind: 'codes', list: CAUSES, listName: '致贫原因' }, household: true, note: '多个用顿号(、)分隔' },
  { key: 'yearRegistered', header: '建档年份', width: 10, required: true, cell: { kind: 'int', min: 2013, max: 2100 }, household: true },
  { key: 'bankName', header: '开户银行', width: 14, required: false, cell: { kind: 'text', max: 60 }, household: true },
  { key: 'bankAccount', header: '银行账号', width: 22, required: false, cell: { kind: 'id' }, household: true },
  { key: 'housingGrade', header: '住房安全等级', width: 12, required: false, cell: code(HOUSING_GRADES, '住房等级'), household: true },
  { key: 'foodSecure', header: '不愁吃', width: 8, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'clothingSecure', header: '不愁穿', width: 8, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'waterQuantity', header: '饮水水量达标', width: 10, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'waterQuality', header: '饮水水质达标', width: 10, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'waterConvenience', header: '取水方便', width: 10, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'waterGuarantee', header: '供水有保障', width: 10, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'car', header: '有小汽车', width: 8, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'machinery', header: '有工程机械', width: 10, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'townProperty', header: '城镇购房', width: 8, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'registeredBusiness', header: '注册企业或个体户', width: 14, required: false, cell: { kind: 'bool' }, household: true },
  { key: 'name', header: '姓名', width: 10, required: true, cell: { kind: 'text', max: 40 } },
  { key: 'idNumber', header: '身份证号', width: 22, required: true, cell: { kind: 'id' } },
  { key: 'relation', header: '与户主关系', width: 12, required: true, cell: code(RELATIONS, '与户主关系') },
  { key: 'sex', header: '性别', width: 6, required: true, cell: code(SEXES, '性别') },
  { key: 'birthDate', header: '出生日期', width: 12, required: true, cell: { kind: 'date' }, note: 'YYYY-MM-DD' },
  { key: 'education', header: '文化程度', width: 12, required: false, cell: code(EDUCATION_LEVELS, '文化程度') },
  { key: 'schoolStatus', header: '在校情况', width: 12, required: false, cell: code(SCHOOL_STATUSES, '在校情况') },
  { key: 'health', header: '健康状况', width: 12, required: false, cell: code(HEALTH_STATES, '健康状况') },
  { key: 'disabilityType', header: '残疾类别', width: 10, required: false, cell: code(DISABILITY_TYPES, '残疾类别') },
  { key: 'disabilityGrade', header: '残疾等级', width: 8, required: false, cell: { kind: 'int', min: 1, max: 4 } },
  { key: 'chronicDiseaseCard', header: '慢病卡', width: 8, required: false, cell: { kind: 'bool' } },
  { key: 'labourCapacity', header: '劳动能力', width: 14, required: false, cell: code(LABOUR_CAPACITIES, '劳动能力') },
  { key: 'employment', header: '务工状况', width: 12, required: false, cell: code(EMPLOYMENT_KINDS, '务工状况') },
  { key: 'medicalInsured', header: '参加医保', width: 8, required: false, cell: { kind: 'bool' } },
  { key: 'pensionInsured', header: '参加养老保险', width: 10, required: false, cell: { kind: 'bool' } },
  { key: 'publicPayroll', header: '财政供养', width: 8, required: false, cell: { kind: 'bool' } },
  { key: 'phone', header: '本人电话', width: 14, required: false, cell: { kind: 'text', max: 20 } },
];

export const INCOME_COLUMNS: SheetColumn[] = [
  { key: 'householdNo', header: '户编号', width: 18, required: false, cell: { kind: 'text', max: 20 } },
  { key: 'groupKey', header: '户序号', width: 8, required: false, cell: { kind: 'text', max: 20 } },
  { key: 'year', header: '年度', width: 8, required: true, cell: { kind: 'int', min: 2010, max: 2100 } },
  { key: 'wages', header: '工资性收入', width: 12, required: true, cell: { kind: 'money' } },
  { key: 'business', header: '生产经营性收入', width: 14, required: true, cell: { kind: 'money' } },
  { key: 'property', header: '财产性收入', width: 12, required: true, cell: { kind: 'money' } },
  { key: 'transfers', header: '转移性收入', width: 12, required: true, cell: { kind: 'money' } },
  { key: 'productionCosts', header: '生产经营性支出', width: 14, required: true, cell: { kind: 'money' } },
];

export const SHEET_NAMES = { members: '家庭成员', incomes: '收入', codes: '代码表', help: '填写说明' } as const;

/** Every code list used by a column, by the name its dropdown refers to. */
export function codeLists(): Map<string, Labels> {
  const lists = new Map<string, Labels>();
  for (const c of [...MEMBER_COLUMNS, ...INCOME_COLUMNS]) {
    if (c.cell.kind === 'code' || c.cell.kind === 'codes') lists.set(c.cell.listName, c.cell.list);
  }
  return lists;
}
