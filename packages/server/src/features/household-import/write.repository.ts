import type { IncomeInput } from '@jingzhun/domain';
import type { Kysely } from 'kysely';
import type { BulkStep } from '../../kernel/db/database.ts';
import { toCsv } from '../../kernel/db/csv.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import type { ImportCorrection } from './plan.ts';

/** The rows an import adds, each in its table's column order below. */
export interface NewRows {
  households: unknown[][];
  members: unknown[][];
  index: unknown[][];
  incomes: unknown[][];
}

/** The COPY steps that add new households, their members, person index and incomes. */
export function newRowsSteps(rows: NewRows): BulkStep[] {
  return [
    {
      table: 'household',
      columns: ['county_code', 'id', 'household_no', 'village_code', 'head_name', 'head_name_pinyin', 'head_name_initials', 'address', 'phone',
        'attribute', 'status', 'main_cause', 'year_registered', 'secondary_causes', 'bank_account', 'bank_name', 'food_secure', 'clothing_secure',
        'housing_grade', 'water_quantity', 'water_quality', 'water_convenience', 'water_guarantee', 'has_car', 'has_machinery',
        'has_town_property', 'has_registered_business'],
      csv: toCsv(rows.households as never),
    },
    {
      table: 'member',
      columns: ['county_code', 'id', 'household_id', 'name', 'name_pinyin', 'name_initials', 'id_number', 'relation', 'sex', 'birth_date',
        'ethnicity', 'education', 'school_status', 'health', 'disability_type', 'disability_grade', 'chronic_disease_card', 'labour_capacity',
        'employment', 'medical_insured', 'pension_insured', 'public_payroll', 'phone'],
      csv: toCsv(rows.members as never),
      rebuildIndexes: rows.members.length > 50_000,
    },
    { table: 'person_index', columns: ['id_number', 'county_code', 'household_id', 'member_id'], csv: toCsv(rows.index as never) },
    {
      table: 'household_income',
      columns: ['county_code', 'household_id', 'year', 'wages', 'business', 'property', 'transfers', 'production_costs'],
      csv: toCsv(rows.incomes as never),
    },
  ];
}

/** The statements that apply corrections, each kept in household_change with the reason. */
export function correctionSteps(corrections: readonly ImportCorrection[], actor: { id: string; name: string }, reason: string): BulkStep[] {
  const steps: BulkStep[] = [];
  for (const c of corrections) {
    if (c.entity === 'income') {
      const a = c.new as IncomeInput;
      steps.push({
        sql: `INSERT INTO household_income (county_code, household_id, year, wages, business, property, transfers, production_costs)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
              ON CONFLICT (county_code, household_id, year) DO UPDATE SET wages = EXCLUDED.wages, business = EXCLUDED.business,
                property = EXCLUDED.property, transfers = EXCLUDED.transfers, production_costs = EXCLUDED.production_costs`,
        params: [c.countyCode, c.householdId, Number(c.entityId), a.wages, a.business, a.property, a.transfers, a.productionCosts],
      });
    } else {
      // Column names come from the fixed lists of the plan, never from the file.
      const table = c.entity === 'household' ? 'household' : 'member';
      steps.push({ sql: `UPDATE ${table} SET ${c.column} = $1, updated_at = now() WHERE county_code = $2 AND id = $3`, params: [c.new, c.countyCode, c.entityId] });
      if (c.entity === 'member' && c.field === 'name') {
        const p = personPinyin(String(c.new));
        steps.push({ sql: 'UPDATE member SET name_pinyin = $1, name_initials = $2 WHERE county_code = $3 AND id = $4', params: [p.full, p.initials, c.countyCode, c.entityId] });
        steps.push({
          sql: `UPDATE household h SET head_name = $1, head_name_pinyin = $2, head_name_initials = $3
                FROM member m WHERE m.county_code = $4 AND m.id = $5 AND m.relation = 'head' AND h.county_code = m.county_code AND h.id = m.household_id`,
          params: [String(c.new), p.full, p.initials, c.countyCode, c.entityId],
        });
      }
    }
    steps.push({
      sql: `INSERT INTO household_change (county_code, household_id, entity, entity_id, field, old_value, new_value, reason, actor_id, actor_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      params: [c.countyCode, c.householdId, c.entity, c.entityId, c.field, JSON.stringify(c.old), JSON.stringify(c.new), reason, actor.id, actor.name],
    });
  }
  return steps;
}

/** The step that marks a job written, in the transaction of its write. */
export function jobDoneStep(db: Kysely<DB>, id: string): BulkStep {
  const compiled = db.updateTable('import_job').set({ state: 'done', updated_at: new Date(), finished_at: new Date() }).where('id', '=', id).compile();
  return { sql: compiled.sql, params: [...compiled.parameters] };
}
