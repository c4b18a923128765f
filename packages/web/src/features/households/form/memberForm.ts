import {
  checkMember,
  normalizeIdNumber,
  type MemberInput,
  type MemberPatch,
  type MemberProblem,
  type MemberView,
} from '@jingzhun/domain';

/** A member as the form holds it: selects may still be empty, texts untrimmed. */
export interface MemberValues {
  name?: string;
  idNumber?: string;
  relation?: MemberInput['relation'];
  sex?: MemberInput['sex'];
  birthDate?: string;
  ethnicity?: string;
  education?: MemberInput['education'];
  schoolStatus?: MemberInput['schoolStatus'];
  health?: MemberInput['health'];
  disabilityType?: MemberInput['disabilityType'];
  disabilityGrade?: MemberInput['disabilityGrade'];
  chronicDiseaseCard?: boolean | null;
  labourCapacity?: MemberInput['labourCapacity'];
  employment?: MemberInput['employment'];
  medicalInsured?: boolean | null;
  pensionInsured?: boolean | null;
  publicPayroll?: boolean | null;
  phone?: string;
}

/**
 * What a new member starts with: nothing but the relation. Every fact starts 未填 (unknown): a default
 * answer would be a fact nobody stated, and the rules would decide on it.
 */
export function newMember(relation?: MemberInput['relation']): MemberValues {
  return relation ? { relation } : {};
}

/** The problems `checkMember` finds in the member being typed: the same rules the server runs. */
export function memberProblems(m: MemberValues | undefined, today: string): MemberProblem[] {
  if (!m) return [];
  return checkMember(
    {
      idNumber: normalizeIdNumber(m.idNumber ?? ''),
      birthDate: m.birthDate ?? '',
      sex: m.sex ?? ('' as MemberInput['sex']),
      health: m.health ?? null,
      disabilityType: m.disabilityType ?? null,
      disabilityGrade: m.disabilityGrade ?? null,
    },
    today,
  ).filter((p) => {
    // A mismatch with a field not filled in yet is the "required" rule's business, not a mismatch.
    if (p.code === 'id_birth_mismatch') return Boolean(m.birthDate);
    if (p.code === 'id_sex_mismatch') return Boolean(m.sex);
    if (p.code === 'birth_in_future') return Boolean(m.birthDate);
    return true;
  });
}

const blank = (s: string | undefined) => (s ?? '').trim();

/** The member as the API takes it. */
export function toMemberInput(m: MemberValues): MemberInput {
  const disabled = m.health === 'disabled';
  const ethnicity = blank(m.ethnicity);
  const phone = blank(m.phone);
  return {
    name: blank(m.name),
    idNumber: normalizeIdNumber(m.idNumber ?? ''),
    relation: m.relation as MemberInput['relation'],
    sex: m.sex as MemberInput['sex'],
    birthDate: m.birthDate ?? '',
    ...(ethnicity ? { ethnicity } : {}),
    ...(m.education ? { education: m.education } : {}),
    // A fact left empty is sent as null: not recorded, never a default.
    schoolStatus: m.schoolStatus ?? null,
    health: m.health ?? null,
    ...(disabled ? { disabilityType: m.disabilityType ?? null, disabilityGrade: m.disabilityGrade ?? null } : {}),
    chronicDiseaseCard: m.chronicDiseaseCard ?? null,
    labourCapacity: m.labourCapacity ?? null,
    employment: m.employment ?? null,
    medicalInsured: m.medicalInsured ?? null,
    pensionInsured: m.pensionInsured ?? null,
    publicPayroll: m.publicPayroll ?? null,
    ...(phone ? { phone } : {}),
  };
}

/** A member shown by the API, as the form holds it for a correction. */
export function fromMemberView(m: MemberView): MemberValues {
  return {
    name: m.name,
    idNumber: m.idNumber,
    relation: m.relation as MemberInput['relation'],
    sex: m.sex as MemberInput['sex'],
    birthDate: m.birthDate,
    ethnicity: m.ethnicity ?? '',
    education: (m.education ?? undefined) as MemberInput['education'],
    schoolStatus: (m.schoolStatus ?? undefined) as MemberInput['schoolStatus'],
    health: (m.health ?? undefined) as MemberInput['health'],
    disabilityType: (m.disabilityType ?? undefined) as MemberInput['disabilityType'],
    disabilityGrade: m.disabilityGrade ?? undefined,
    chronicDiseaseCard: m.chronicDiseaseCard,
    labourCapacity: (m.labourCapacity ?? undefined) as MemberInput['labourCapacity'],
    employment: (m.employment ?? undefined) as MemberInput['employment'],
    medicalInsured: m.medicalInsured,
    pensionInsured: m.pensionInsured,
    publicPayroll: m.publicPayroll,
    phone: m.phone ?? '',
  };
}

/** Only what differs from the member as it is, so the history shows exactly the correction. */
export function memberChanges(before: MemberView, values: MemberValues): Omit<MemberPatch, 'reason'> {
  const after = toMemberInput(values);
  const changes: Record<string, unknown> = {};
  const compare = (field: keyof MemberInput, now: unknown, was: unknown) => {
    if (JSON.stringify(now ?? null) !== JSON.stringify(was ?? null)) changes[field] = now ?? null;
  };
  compare('name', after.name, before.name);
  compare('idNumber', after.idNumber, before.idNumber);
  compare('relation', after.relation, before.relation);
  compare('sex', after.sex, before.sex);
  compare('birthDate', after.birthDate, before.birthDate);
  compare('ethnicity', after.ethnicity, before.ethnicity);
  compare('education', after.education, before.education);
  compare('schoolStatus', after.schoolStatus, before.schoolStatus);
  compare('health', after.health, before.health);
  compare('disabilityType', after.disabilityType, before.disabilityType);
  compare('disabilityGrade', after.disabilityGrade, before.disabilityGrade);
  compare('chronicDiseaseCard', after.chronicDiseaseCard, before.chronicDiseaseCard);
  compare('labourCapacity', after.labourCapacity, before.labourCapacity);
  compare('employment', after.employment, before.employment);
  compare('medicalInsured', after.medicalInsured, before.medicalInsured);
  compare('pensionInsured', after.pensionInsured, before.pensionInsured);
  compare('publicPayroll', after.publicPayroll, before.publicPayroll);
  compare('phone', after.phone, before.phone);
  // `education` and `ethnicity` cannot be emptied through the API (not nullable); leave them as they were.
  if (changes.education === null) delete changes.education;
  if (changes.ethnicity === null) delete changes.ethnicity;
  return changes as Omit<MemberPatch, 'reason'>;
}
