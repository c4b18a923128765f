import { codeLabel, type Assets, type Conditions, type IncomeInput, type Lang } from '@jingzhun/domain';
import type { MessageKey } from '../../shared/i18n/I18nProvider.tsx';

type CodeList = Record<string, Record<Lang, string>>;

/** The options of a Select over a code list of the domain, labelled in the UI language. */
export function codeOptions<T extends CodeList>(list: T, lang: Lang, except: readonly string[] = []) {
  return (Object.keys(list) as Array<keyof T & string>)
    .filter((code) => !except.includes(code))
    .map((code) => ({ value: code, label: codeLabel(list, code, lang) }));
}

/** The label of a code the API answered as a plain string; the code itself when the list lacks it. */
export function labelOf(list: CodeList, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  return codeLabel(list, code, lang);
}

/** Tag colours of household statuses: still poor stands out, removed is grey. */
export const STATUS_COLORS: Record<string, string> = { candidate: 'gold', poor: 'red', exited: 'green', removed: 'default' };

/** Tag colours of household attributes. */
export const ATTRIBUTE_COLORS: Record<string, string> = { general: 'blue', dibao: 'orange', tekun: 'purple' };

/** The yes/no conditions of 两不愁三保障 and safe water, in the order they are assessed. */
export const CONDITION_FLAGS = ['foodSecure', 'clothingSecure', 'waterQuantity', 'waterQuality', 'waterConvenience', 'waterGuarantee'] as const;

/** Field labels (not code labels: those come from the domain's lists) of the conditions, assets and income sources. */
export const CONDITION_LABELS: Record<keyof Conditions, MessageKey> = {
  foodSecure: 'condition.foodSecure',
  clothingSecure: 'condition.clothingSecure',
  housingGrade: 'condition.housingGrade',
  waterQuantity: 'condition.waterQuantity',
  waterQuality: 'condition.waterQuality',
  waterConvenience: 'condition.waterConvenience',
  waterGuarantee: 'condition.waterGuarantee',
};

export const ASSET_FIELDS = ['car', 'machinery', 'townProperty', 'registeredBusiness'] as const;
export const ASSET_LABELS: Record<keyof Assets, MessageKey> = {
  car: 'asset.car',
  machinery: 'asset.machinery',
  townProperty: 'asset.townProperty',
  registeredBusiness: 'asset.registeredBusiness',
};

export const INCOME_SOURCES = ['wages', 'business', 'property', 'transfers', 'productionCosts'] as const satisfies ReadonlyArray<keyof IncomeInput>;
export const INCOME_LABELS: Record<(typeof INCOME_SOURCES)[number], MessageKey> = {
  wages: 'income.wages',
  business: 'income.business',
  property: 'income.property',
  transfers: 'income.transfers',
  productionCosts: 'income.productionCosts',
};
