import { describe, expect, it } from 'vitest';
import { idCheckChar, MEMBER_FACTS, type MemberView } from '@jingzhun/domain';
import { toConditions } from '../src/features/households/form/HouseholdFields.tsx';
import { memberChanges, newMember, toMemberInput } from '../src/features/households/form/memberForm.ts';
import { assetsForEvaluation } from '../src/features/households/evaluation/formInput.ts';

const first17 = '45102219800101001';
const typed = { name: '韦小宝', idNumber: first17 + idCheckChar(first17), relation: 'head' as const, sex: 'male' as const, birthDate: '1980-01-01' };

describe('the member form (issue 14: unknown is not false)', () => {
  it('starts a new member with no fact answered', () => {
    expect(newMember('head')).toEqual({ relation: 'head' });
  });

  it('sends every fact not answered as null, never a default', () => {
    const input = toMemberInput({ ...newMember('head'), ...typed });
    for (const fact of MEMBER_FACTS) expect(input[fact], fact).toBeNull();
  });

  it('sends a fact emptied back to 未填 as null in a correction', () => {
    const before = { ...typed, id: '1', ethnicity: null, education: null, schoolStatus: 'not_in_school', health: 'healthy', disabilityType: null, disabilityGrade: null,
      chronicDiseaseCard: false, labourCapacity: 'normal', employment: 'local', medicalInsured: true, pensionInsured: true, publicPayroll: false, phone: null,
      status: 'active', joinedOn: null, leftOn: null, leftReason: null } satisfies MemberView;
    const { medicalInsured: _cleared, ...rest } = { ...before, ethnicity: undefined, education: undefined, phone: undefined } as Record<string, unknown>;
    expect(memberChanges(before, rest)).toEqual({ medicalInsured: null });
  });

  it('keeps the conditions and assets answered and leaves the others unknown', () => {
    expect(toConditions({ foodSecure: true, housingGrade: undefined, waterQuality: null })).toEqual({ foodSecure: true });
    expect(toConditions({ housingGrade: undefined })).toBeUndefined();
    expect(assetsForEvaluation({ car: false })).toEqual({ car: false, machinery: null, townProperty: null, registeredBusiness: null });
  });
});
