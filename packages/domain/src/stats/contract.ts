import { z } from 'zod';
import { regionRefSchema } from '../regions/contract.ts';
import { DIMENSIONS } from '../standards/rules.ts';
import { STAT_SET_NAMES } from './rules.ts';

/** The drill-down a figure opens: the household list filtered by a set, for a region and year. */
export const statDrillSchema = z.object({
  stat: z.enum(STAT_SET_NAMES),
  statKey: z.string().optional(),
});
export type StatDrill = z.infer<typeof statDrillSchema>;

/** A count with what it opens. */
const figure = z.object({ households: z.number().int(), persons: z.number().int(), drill: statDrillSchema });
export type StatFigure = z.infer<typeof figure>;
const keyed = figure.extend({ key: z.string(), label: z.string() });
const money = z.number();

/** The registry figures of one region node (the whole, or a child in the breakdown). */
export const statRegistrySchema = z.object({
  registered: figure,
  poor: figure,
  exitedTotal: figure,
  entered: figure,
  exited: figure,
  returned: figure,
  monitored: figure,
  ruralPopulation: z.number().int().nullable(),
  /** Registered poor persons / rural population (0.1501 is 15.01%); null without the population. */
  incidence: z.number().nullable(),
});
export type StatRegistry = z.infer<typeof statRegistrySchema>;

export const statChildSchema = regionRefSchema.extend({
  registry: statRegistrySchema,
  incomeMean: z.number().nullable(),
  /** Meets the exit threshold on incidence (villages and counties); null without the population. */
  meetsIncidence: z.boolean().nullable(),
});
export type StatChild = z.infer<typeof statChildSchema>;

export const statSeriesPointSchema = z.object({
  year: z.number().int(),
  registered: z.number().int(),
  poorHouseholds: z.number().int(),
  poorPersons: z.number().int(),
  exitedHouseholds: z.number().int(),
  returnedHouseholds: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  incidence: z.number().nullable(),
  incomeMean: z.number().nullable(),
  monitored: z.number().int(),
});
export type StatSeriesPoint = z.infer<typeof statSeriesPointSchema>;

export const multidimensionalSchemaOut = z.object({
  /** Weights and the cut-off k from the profile in force for the year. */
  weights: z.record(z.enum(DIMENSIONS), z.number()),
  k: z.number(),
  /** Persons and households with every dimension known, and those left out for an unknown one. */
  households: z.number().int(),
  persons: z.number().int(),
  unknownHouseholds: z.number().int(),
  poor: figure,
  H: z.number(),
  A: z.number(),
  M0: z.number(),
  dimensions: z.array(keyed.extend({ dimension: z.enum(DIMENSIONS) })),
  /** When the deprivations were last assessed (a job), how many households changed since; null: never. */
  assessedAt: z.string().nullable(),
  changedSince: z.number().int(),
  profileVersion: z.number().int().nullable(),
});
export type StatMultidimensional = z.infer<typeof multidimensionalSchemaOut>;

export const statsOverviewSchema = z.object({
  region: regionRefSchema,
  path: z.array(regionRefSchema),
  year: z.number().int(),
  availableYears: z.array(z.number().int()),
  /**
   * When the figures were read, and how: `live` at the request (a county and below), or `snapshot`, a
   * rollup job's figures (a city, a province, the country: millions of households), as of `generatedAt`.
   */
  generatedAt: z.string(),
  source: z.enum(['live', 'snapshot']),
  profile: z.object({ scopeCode: z.string(), version: z.number().int(), name: z.string() }),
  lines: z.object({ poverty: z.number().nullable(), monitoring: z.number().nullable() }),
  registry: statRegistrySchema,
  monitoring: z.object({
    byCategory: z.array(keyed),
    riskRemoved: figure,
  }),
  income: z.object({
    recorded: figure,
    /** Net income per head, weighted by persons (all net income / all persons), as the yearly reports do. */
    mean: money.nullable(),
    /** Median of the households' income per head. */
    median: money.nullable(),
    previousMean: money.nullable(),
    /** Growth of the mean against the year before (0.12 is 12%). */
    growth: z.number().nullable(),
    belowPovertyLine: figure,
    belowMonitoringLine: figure,
    distribution: z.array(keyed.extend({ from: z.number(), to: z.number().nullable() })),
  }),
  causes: z.array(keyed.extend({ poorHouseholds: z.number().int() })),
  measures: z.array(keyed.extend({ measures: z.number().int(), amount: money })),
  benefits: z.array(keyed.extend({ payments: z.number().int(), amount: money })),
  visits: z.object({
    asOf: z.string(),
    paired: figure,
    visited: figure,
    visits: z.number().int(),
    overdue: figure,
    /** Paired households not overdue / paired households. */
    compliance: z.number().nullable(),
  }),
  procedures: z.array(
    z.object({ kind: z.string(), label: z.string(), opened: figure, approved: figure, rejected: z.number().int(), open: z.number().int(), overdue: figure }),
  ),
  alerts: z.array(keyed.extend({ raised: z.number().int(), open: figure })),
  exitThresholds: z.object({
    threshold: z.number(),
    /** Children (villages, townships, counties…) meeting the incidence threshold, failing it, or without population. */
    meeting: z.number().int(),
    failing: z.number().int(),
    unknown: z.number().int(),
  }),
  multidimensional: multidimensionalSchemaOut.nullable(),
  children: z.array(statChildSchema),
  series: z.array(statSeriesPointSchema),
});
export type StatsOverview = z.infer<typeof statsOverviewSchema>;

/** A statistics job: a deprivation assessment (多维贫困测算) or a rollup above the county (汇总); progress and freshness. */
export const statJobSchema = z.object({
  id: z.string(),
  kind: z.enum(['assessment', 'rollup']),
  regionCode: z.string(),
  year: z.number().int(),
  state: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  progress: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type StatJob = z.infer<typeof statJobSchema>;

/** One village's rural population of a year, as the population list shows it. */
export const populationItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  township: z.object({ code: z.string(), name: z.string() }).nullable(),
  year: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  source: z.string().nullable(),
});
export type PopulationItem = z.infer<typeof populationItemSchema>;

/** A problem or warning of a population file: where it is and the rule. */
export const populationProblemSchema = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  cell: z.string().nullable(),
  rule: z.string(),
  message: z.string(),
  detail: z.string().nullable(),
});
export type PopulationProblem = z.infer<typeof populationProblemSchema>;

/** What a population import wrote: rows written (inserted or updated), rows left blank, and the warnings it passed. */
export const populationImportResultSchema = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  warnings: z.array(populationProblemSchema),
});
export type PopulationImportResult = z.infer<typeof populationImportResultSchema>;
