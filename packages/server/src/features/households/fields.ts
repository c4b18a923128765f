import type { HouseholdCreate } from '@jingzhun/domain';

/** Condition fields of the API and their columns. */
export const CONDITION_FIELDS = [
  ['foodSecure', 'food_secure'],
  ['clothingSecure', 'clothing_secure'],
  ['housingGrade', 'housing_grade'],
  ['waterQuantity', 'water_quantity'],
  ['waterQuality', 'water_quality'],
  ['waterConvenience', 'water_convenience'],
  ['waterGuarantee', 'water_guarantee'],
] as const;

/** Asset fields of the API and their columns. */
export const ASSET_FIELDS = [
  ['car', 'has_car'],
  ['machinery', 'has_machinery'],
  ['townProperty', 'has_town_property'],
  ['registeredBusiness', 'has_registered_business'],
] as const;

/** Condition columns of a new household: a condition not given is unknown (null). */
export function conditionColumns(c: HouseholdCreate['conditions']) {
  return Object.fromEntries(CONDITION_FIELDS.map(([field, column]) => [column, c?.[field] ?? null]));
}

/** Asset columns of a new household: an asset not given is unknown (null), not "none". */
export function assetColumns(a: HouseholdCreate['assets']) {
  return Object.fromEntries(ASSET_FIELDS.map(([field, column]) => [column, a?.[field] ?? null]));
}
