import { netIncome, type EvaluationInput, type EvaluationMember } from '@jingzhun/domain';
import type { ConditionValues } from '../form/HouseholdFields.tsx';
import { membersAtYearEnd, toIncomeInput, type IncomeValues } from '../form/IncomeFields.tsx';
import type { MemberValues } from '../form/memberForm.ts';

/*
 * The values of the household forms as the evaluation rules read them, for the live preview: what is not
 * answered yet is unknown (null), never a default, so the preview says "cannot decide" rather than guess.
 */

/** A member being typed, as the rules read it: what is not chosen yet is unknown, never a default. */
export function memberForEvaluation(m: MemberValues | undefined, dates: { joinedOn?: string | null } = {}): EvaluationMember {
  const disabled = m?.health === 'disabled';
  return {
    name: m?.name ?? null,
    birthDate: m?.birthDate || null,
    joinedOn: dates.joinedOn ?? null,
    schoolStatus: m?.schoolStatus ?? null,
    health: m?.health ?? null,
    chronicDiseaseCard: m?.chronicDiseaseCard ?? null,
    medicalInsured: m?.medicalInsured ?? null,
    labourCapacity: m?.labourCapacity ?? null,
    employment: m?.employment ?? null,
    publicPayroll: m?.publicPayroll ?? null,
    // The grade is saved only for a disabled member (toMemberInput), so only then does it count.
    disabilityGrade: disabled ? (m?.disabilityGrade ?? null) : null,
  };
}

/** The conditions as typed; an unanswered one is unknown. */
export function conditionsForEvaluation(c: ConditionValues | undefined): EvaluationInput['conditions'] {
  return {
    foodSecure: c?.foodSecure ?? null,
    clothingSecure: c?.clothingSecure ?? null,
    housingGrade: c?.housingGrade ?? null,
    waterQuantity: c?.waterQuantity ?? null,
    waterQuality: c?.waterQuality ?? null,
    waterConvenience: c?.waterConvenience ?? null,
    waterGuarantee: c?.waterGuarantee ?? null,
  };
}

/** The assets as typed; one left 未填 is unknown, never "none". */
export function assetsForEvaluation(a: Partial<Record<'car' | 'machinery' | 'townProperty' | 'registeredBusiness', boolean | null>> | undefined): EvaluationInput['assets'] {
  return { car: a?.car ?? null, machinery: a?.machinery ?? null, townProperty: a?.townProperty ?? null, registeredBusiness: a?.registeredBusiness ?? null };
}

/**
 * Years of income as typed, with income per head computed as the server will: net income over the
 * members present at the year's end (domain `netIncome` and `membersAtYearEnd`).
 */
export function incomesForEvaluation(
  incomes: ReadonlyArray<IncomeValues | undefined>,
  members: Parameters<typeof membersAtYearEnd>[0],
): EvaluationInput['incomes'] {
  return incomes
    .filter((i): i is IncomeValues & { year: number } => typeof i?.year === 'number')
    .map((i) => {
      const persons = membersAtYearEnd(members, i.year);
      const { net, perHead } = netIncome(toIncomeInput(i), persons);
      return { year: i.year, net, members: persons, perHead };
    });
}
