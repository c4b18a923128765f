import type { PolicyProfile } from './contract.ts';
import type { EvaluationInput, FourLooks } from './evaluation.ts';
import { presentMembers, ruleOf, schoolChecks } from './criteria.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The field shortcut 四看法 as points (weights from the profile, 25 each by default):
 * house — the share its safety grade earns (A 1, B 0.75, C 0.25, D 0 by default);
 * grain — full when food secure, none when not;
 * labour — labour units of present working-age members (normal and skilled 1, weak 0.5, lost or none 0)
 *   per household member, full at `fullLabourPerMember` (0.5: one labourer for every two mouths);
 * schooling — the share of school-age members in school (severely disabled exempt); full without any.
 */
export function fourLooks(household: EvaluationInput, profile: PolicyProfile, year: number): FourLooks {
  const f = profile.fourLooks;
  const present = presentMembers(household, year);
  const missing: string[] = [];

  const grade = household.conditions?.housingGrade || null;
  const gradeShare = grade !== null && grade in f.houseGradeShares ? f.houseGradeShares[grade as keyof typeof f.houseGradeShares] : null;
  if (gradeShare === null) missing.push('conditions.housingGrade');

  const food = household.conditions?.foodSecure ?? null;
  if (food === null) missing.push('conditions.foodSecure');

  let units = 0;
  let labourKnown = true;
  for (const p of present) {
    if (p.age === null) {
      missing.push(`members[${p.index}].birthDate`);
      labourKnown = false;
      continue;
    }
    if (p.age < f.workingAge.min || p.age > f.workingAge.max) continue;
    const cap = p.member.labourCapacity;
    if (cap === null || !(cap in f.labourShares)) {
      missing.push(`members[${p.index}].labourCapacity`);
      labourKnown = false;
      continue;
    }
    units += f.labourShares[cap as keyof typeof f.labourShares];
  }
  const labourShare = !labourKnown ? null : present.length === 0 ? 0 : Math.min(1, units / (present.length * f.fullLabourPerMember));

  const checks = schoolChecks(present, ruleOf(profile, 'compulsory_education'));
  const counted = checks.filter((c) => c.state !== 'exempt');
  let schoolShare: number | null;
  if (checks.some((c) => c.state === 'unknown')) {
    schoolShare = null;
    missing.push(...checks.flatMap((c) => c.missing));
  } else schoolShare = counted.length === 0 ? 1 : counted.filter((c) => c.state === 'in_school').length / counted.length;

  const points = (weight: number, s: number | null) => (s === null ? null : round2(weight * s));
  const house = points(f.weights.house, gradeShare);
  const grain = points(f.weights.grain, food === null ? null : food ? 1 : 0);
  const labour = points(f.weights.labour, labourShare);
  const schooling = points(f.weights.schooling, schoolShare);
  const parts = [house, grain, labour, schooling];
  const total = parts.includes(null) ? null : round2(parts.reduce<number>((a, b) => a + (b ?? 0), 0));
  return { house, grain, labour, schooling, total, missing: [...new Set(missing)] };
}
