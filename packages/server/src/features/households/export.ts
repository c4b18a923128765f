import { PassThrough } from 'node:stream';
import { can, codeLabel, CAUSES, HOUSEHOLD_ATTRIBUTES, HOUSEHOLD_STATUSES, maskIdNumber } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { type HouseholdListFilter, householdKeysForExport, householdsWithDetails, listHouseholds } from './repository.ts';
import { presentMember } from './service.ts';
import { buildHouseholdWorkbook, streamListWorkbook, type WorkbookRows } from './workbook.ts';

const CHUNK = 500;

type ExportFilter = Omit<HouseholdListFilter, 'page' | 'pageSize'>;

/**
 * The full, importable export: every active member with the household fields on the head's row and
 * every income year. IDs in full, so only roles that enter the registry may take it; it is audited.
 */
export async function fullExport(db: Db, user: SessionUser, actor: Actor, filter: ExportFilter): Promise<Buffer> {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const keys = await householdKeysForExport(db, filter);
  const rows: WorkbookRows = { members: [], incomes: [] };
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const byCounty = new Map<string, string[]>();
    for (const k of chunk) byCounty.set(k.county_code, [...(byCounty.get(k.county_code) ?? []), k.id]);
    for (const [county, ids] of byCounty) {
      for (const { household: h, members, incomes } of await householdsWithDetails(db, county, ids)) {
        members.forEach((m, index) => {
          const head = index === 0;
          rows.members.push({
            householdNo: h.household_no,
            ...(head
              ? {
                  villageCode: h.village_code,
                  address: h.address,
                  householdPhone: h.phone,
                  attribute: h.attribute,
                  mainCause: h.main_cause,
                  secondaryCauses: h.secondary_causes,
                  yearRegistered: h.year_registered,
                  bankName: h.bank_name,
                  bankAccount: h.bank_account,
                  housingGrade: h.housing_grade,
                  foodSecure: h.food_secure,
                  clothingSecure: h.clothing_secure,
                  waterQuantity: h.water_quantity,
                  waterQuality: h.water_quality,
                  waterConvenience: h.water_convenience,
                  waterGuarantee: h.water_guarantee,
                  car: h.has_car,
                  machinery: h.has_machinery,
                  townProperty: h.has_town_property,
                  registeredBusiness: h.has_registered_business,
                }
              : {}),
            // The API's member fields are the sheet's keys: the sheet picks the ones it has.
            ...presentMember(m),
          });
        });
        for (const inc of incomes) {
          rows.incomes.push({
            householdNo: h.household_no,
            year: inc.year,
            wages: inc.wages,
            business: inc.business,
            property: inc.property,
            transfers: inc.transfers,
            productionCosts: inc.production_costs,
          });
        }
      }
    }
  }
  await recordAudit(db, actor, {
    action: 'household.exported',
    entity: 'household',
    entityId: '*',
    regionCode: filter.region ?? user.regionCode,
    after: { format: 'full', households: keys.length, filter },
  });
  return buildHouseholdWorkbook(rows);
}

/** The list as shown on screen, every page of it; IDs masked unless the role enters them. Audited. */
export async function listExport(db: Db, user: SessionUser, actor: Actor, filter: ExportFilter, lang: 'zh-CN' | 'en') {
  const full = can(user.role, 'writeRegistry');
  const first = await listHouseholds(db, { ...filter, page: 1, pageSize: 1 });
  const zh = lang === 'zh-CN';
  const columns = [
    { header: zh ? '户编号' : 'Household no.', key: 'householdNo', width: 18, text: true },
    { header: zh ? '村' : 'Village', key: 'villageName', width: 18 },
    { header: zh ? '户主' : 'Head', key: 'headName', width: 10 },
    { header: zh ? '户主身份证号' : 'Head ID number', key: 'headIdNumber', width: 22, text: true },
    { header: zh ? '人口' : 'Members', key: 'members', width: 6 },
    { header: zh ? '户属性' : 'Attribute', key: 'attribute', width: 12 },
    { header: zh ? '状态' : 'Status', key: 'status', width: 10 },
    { header: zh ? '主要致贫原因' : 'Main cause', key: 'mainCause', width: 14 },
    { header: zh ? `${first.incomeYear}年人均纯收入` : `Net income per head ${first.incomeYear}`, key: 'incomePerHead', width: 14 },
  ];
  const out = new PassThrough();
  async function* pages() {
    for (let page = 1; ; page++) {
      const found = await listHouseholds(db, { ...filter, page, pageSize: 200 });
      yield found.items.map((h) => ({
        householdNo: h.household_no,
        villageName: h.village_name,
        headName: h.head_name,
        headIdNumber: h.head_id_number ? (full ? h.head_id_number : maskIdNumber(h.head_id_number)) : null,
        members: Number(h.member_count),
        attribute: codeLabel(HOUSEHOLD_ATTRIBUTES, h.attribute as keyof typeof HOUSEHOLD_ATTRIBUTES, lang),
        status: codeLabel(HOUSEHOLD_STATUSES, h.status as keyof typeof HOUSEHOLD_STATUSES, lang),
        mainCause: h.main_cause ? codeLabel(CAUSES, h.main_cause as keyof typeof CAUSES, lang) : null,
        incomePerHead: h.income_per_head === null ? null : Number(h.income_per_head),
      }));
      if (page * 200 >= found.total) return;
    }
  }
  await recordAudit(db, actor, {
    action: 'household.exported',
    entity: 'household',
    entityId: '*',
    regionCode: filter.region ?? user.regionCode,
    after: { format: 'list', households: first.total, filter, idNumbers: full ? 'full' : 'masked' },
  });
  const done = streamListWorkbook(out, zh ? '农户列表' : 'Households', columns, pages());
  return { stream: out, done };
}
