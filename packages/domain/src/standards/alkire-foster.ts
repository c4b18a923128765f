import type { PolicyProfile } from './contract.ts';
import { criterionResult, presentMembers, ruleOf } from './criteria.ts';
import type { EvaluationInput } from './evaluation.ts';
import { DIMENSIONS, type CriterionTest, type Dimension } from './rules.ts';

// ---- Alkire-Foster ----

export type DeprivationVector = Record<Dimension, boolean | null>;

const DIMENSION_TESTS = {
  food: 'food_secure',
  clothing: 'clothing_secure',
  education: 'compulsory_education',
  medical: 'basic_medical',
  housing: 'housing_safe',
  water: 'water_safe',
} as const satisfies Record<Dimension, CriterionTest>;

/** Per dimension, whether the household is deprived (a failed standard); null when the data do not tell. */
export function deprivations(household: EvaluationInput, profile: PolicyProfile, year: number): DeprivationVector {
  const present = presentMembers(household, year);
  const out = {} as DeprivationVector;
  for (const d of DIMENSIONS) {
    const { passed } = criterionResult(ruleOf(profile, DIMENSION_TESTS[d]), household, profile, year, 'poverty', present);
    out[d] = passed === null ? null : !passed;
  }
  return out;
}

export interface AlkireFosterResult {
  /** Headcount ratio: poor persons / persons with complete data. */
  H: number;
  /** Intensity: average deprivation score of the poor. */
  A: number;
  /** Adjusted headcount ratio H × A. */
  M0: number;
  poorPersons: number;
  totalPersons: number;
  /** Households (and their persons) left out because a dimension is unknown. */
  unknownUnits: number;
  unknownPersons: number;
}

const EQUAL_WEIGHTS = Object.fromEntries(DIMENSIONS.map((d) => [d, 1 / DIMENSIONS.length])) as Record<Dimension, number>;

/**
 * The Alkire-Foster measure over households, weighted by persons (every member shares the household's
 * deprivations). A household with an unknown dimension is left out and counted apart rather than read
 * as deprived or not. Poor means a weighted deprivation score of at least k.
 */
export function alkireFoster(
  units: ReadonlyArray<{ deprivations: DeprivationVector; persons: number }>,
  weights: Record<Dimension, number> = EQUAL_WEIGHTS,
  k = 1 / 3,
): AlkireFosterResult {
  let totalPersons = 0;
  let poorPersons = 0;
  let poorScore = 0;
  let unknownUnits = 0;
  let unknownPersons = 0;
  for (const unit of units) {
    if (DIMENSIONS.some((d) => unit.deprivations[d] === null)) {
      unknownUnits++;
      unknownPersons += unit.persons;
      continue;
    }
    const score = DIMENSIONS.reduce((s, d) => s + (unit.deprivations[d] ? weights[d] : 0), 0);
    totalPersons += unit.persons;
    // The tolerance keeps 1/6 + 1/6 at k = 1/3 on the right side of the cutoff.
    if (score >= k - 1e-9 && score > 0) {
      poorPersons += unit.persons;
      poorScore += score * unit.persons;
    }
  }
  const H = totalPersons === 0 ? 0 : poorPersons / totalPersons;
  const A = poorPersons === 0 ? 0 : poorScore / poorPersons;
  return { H, A, M0: H * A, poorPersons, totalPersons, unknownUnits, unknownPersons };
}
