import { z } from 'zod';
import { BACKENDS, CONSTRAINT_KINDS, CONSTRAINT_TOPOLOGIES, SOLVER_NAMES } from '../fairness.js';

/**
 * The task config: the one object the app builds and saves in a project, and the CLI reads from a file.
 * Field names are fixed (scripts depend on them). Every object is strict, so unknown fields are rejected by name.
 */

const columnName = z.string().min(1, 'column name must not be empty');

export const labelSpecSchema = z
  .strictObject({
    column: columnName,
    /** Values (as text) that count as the positive class, e.g. [">50K", ">50K."] or ["True"]. */
    positive: z.array(z.string()).min(1).optional(),
    /** Numeric rule on the column, e.g. "> 50000", ">= 1", "== 2". */
    rule: z
      .string()
      .regex(/^\s*(>=|<=|>|<|==|!=)\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/, 'rule must look like "> 50000"')
      .optional(),
  })
  .refine((l) => (l.positive === undefined) !== (l.rule === undefined), {
    message: 'label needs exactly one of "positive" (values) or "rule" (numeric)',
  });
export type LabelSpec = z.infer<typeof labelSpecSchema>;

export const missingPolicySchema = z.enum(['drop-row', 'impute', 'indicator']);
export type MissingPolicy = z.infer<typeof missingPolicySchema>;

export const columnPreprocessingSchema = z.strictObject({
  /** numeric: standardised; categorical: one-hot (capped) ; code: categorical codes treated as numbers. */
  encoding: z.enum(['numeric', 'onehot', 'code']).optional(),
  missing: missingPolicySchema.optional(),
});
export type ColumnPreprocessing = z.infer<typeof columnPreprocessingSchema>;

export const preprocessingSchema = z.strictObject({
  /** Cardinality cap for one-hot: rarer levels go to "other". */
  maxLevels: z.number().int().min(2).max(1000).default(20),
  missing: missingPolicySchema.default('impute'),
  columns: z.record(z.string(), columnPreprocessingSchema).default({}),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

export const dataSpecSchema = z.strictObject({
  path: z.string().min(1),
  format: z.enum(['auto', 'csv', 'tsv', 'parquet']).default('auto'),
  label: labelSpecSchema,
  /** Columns kept out of the features (and not protected). */
  exclude: z.array(columnName).default([]),
  /** Explicit feature list; default: all but label, excluded and protected columns. */
  features: z.array(columnName).optional(),
  /** Protected columns that stay features as well (the paper keeps SEX). */
  protectedAsFeatures: z.array(columnName).default([]),
  preprocessing: preprocessingSchema.default({ maxLevels: 20, missing: 'impute', columns: {} }),
});
export type DataSpec = z.infer<typeof dataSpecSchema>;

export const splitSpecSchema = z
  .strictObject({
    test: z.number().min(0.01).max(0.9),
    validation: z.number().min(0).max(0.9).default(0),
    seed: z.number().int().default(42),
    stratify: z.boolean().default(true),
  })
  .refine((s) => s.test + s.validation < 0.95, { message: 'test + validation must leave rows for training' });
export type SplitSpec = z.infer<typeof splitSpecSchema>;

export const groupAttributeSchema = z
  .strictObject({
    column: columnName,
    /** Value → group name; "*" catches every other (non-missing) value. */
    map: z.record(z.string(), z.string().min(1)).optional(),
    /** Bin edges for numeric columns: [0, 25, 45, 65] → [0,25), [25,45), [45,65), [65,∞). */
    bins: z.array(z.number()).min(1).optional(),
    /** Names for the bins (one per bin); default "[a, b)". */
    binLabels: z.array(z.string().min(1)).optional(),
    /** Display name of the attribute (default: the column). */
    name: z.string().min(1).optional(),
  })
  .refine((a) => !(a.map && a.bins), { message: 'a group attribute takes "map" or "bins", not both' })
  .refine((a) => !a.bins || a.bins.every((b, i) => i === 0 || b > a.bins![i - 1]!), {
    message: 'bins must be strictly increasing',
  });
export type GroupAttribute = z.infer<typeof groupAttributeSchema>;

export const groupsSpecSchema = z.strictObject({
  attributes: z.array(groupAttributeSchema).min(1, 'choose at least one protected attribute'),
  /** true: groups are the (non-empty) intersections of all attributes; false: one attribute at a time. */
  intersect: z.boolean().default(true),
  /** Groups smaller than this (in training rows) are flagged as too small to estimate. */
  minSize: z.number().int().min(1).default(30),
});
export type GroupsSpec = z.infer<typeof groupsSpecSchema>;

export const constraintSpecSchema = z.strictObject({
  kind: z.enum(CONSTRAINT_KINDS),
  topology: z.enum(CONSTRAINT_TOPOLOGIES).default('pairwise'),
  tolerance: z.number().min(0).max(10),
  /** Restrict to these group names (default: all groups of at least minSize). */
  groups: z.array(z.string()).optional(),
});
export type ConstraintSpec = z.infer<typeof constraintSpecSchema>;

export const modelSpecSchema = z.strictObject({
  /** Hidden layer widths; [] is logistic regression. Paper: [64, 32]. */
  hidden: z.array(z.number().int().min(1).max(4096)).max(8).default([64, 32]),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

export const solverSpecSchema = z.strictObject({
  name: z.enum(SOLVER_NAMES),
  /** Objective minibatch size; also rows drawn per group for a constraint sample unless constraintBatchSize is set. */
  batchSize: z.number().int().min(1).max(1_048_576).default(8),
  constraintBatchSize: z.number().int().min(1).max(1_048_576).optional(),
  params: z.record(z.string(), z.number()).default({}),
});
export type SolverSpec = z.infer<typeof solverSpecSchema>;

export const budgetSpecSchema = z
  .strictObject({
    seconds: z.number().positive().optional(),
    iterations: z.number().int().positive().optional(),
    epochs: z.number().positive().optional(),
  })
  .refine((b) => b.seconds !== undefined || b.iterations !== undefined || b.epochs !== undefined, {
    message: 'budget needs seconds, iterations or epochs',
  });
export type BudgetSpec = z.infer<typeof budgetSpecSchema>;

export const taskConfigSchema = z.strictObject({
  /** Optional display name for runs made from this config. */
  name: z.string().optional(),
  data: dataSpecSchema,
  split: splitSpecSchema,
  groups: groupsSpecSchema,
  constraints: z.array(constraintSpecSchema).default([]),
  model: modelSpecSchema.default({ hidden: [64, 32] }),
  solver: solverSpecSchema,
  budget: budgetSpecSchema,
  runs: z.number().int().min(1).max(1000).default(1),
  seed: z.number().int().default(0),
  backend: z.enum(BACKENDS).default('auto'),
  /** Which iterate becomes the model: best feasible on validation (or train if no validation split), or the last. */
  selection: z.enum(['best-feasible', 'last']).default('best-feasible'),
  /** Decision threshold used by evaluation metrics. */
  threshold: z.number().gt(0).lt(1).default(0.5),
});
export type TaskConfig = z.infer<typeof taskConfigSchema>;
export type TaskConfigInput = z.input<typeof taskConfigSchema>;

/** Human-readable list of problems, each naming the offending field path. */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${path}: ${issue.message}`;
  });
}

/** The paper's task on the bundled sample (arXiv 2507.04033; docs/task-config.md), used for the sample project and `bench paper`. */
export function paperTaskConfig(dataPath: string): TaskConfig {
  return taskConfigSchema.parse({
    name: 'ACSIncome-OK, White vs Non-white, loss gap ≤ 0.005',
    data: {
      path: dataPath,
      label: { column: 'PINCP', positive: ['True'] },
      protectedAsFeatures: [],
    },
    split: { test: 0.2, validation: 0, seed: 42, stratify: true },
    groups: { attributes: [{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }], intersect: true, minSize: 30 },
    constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }],
    model: { hidden: [64, 32] },
    solver: { name: 'ssl-alm', batchSize: 8, params: {} },
    budget: { seconds: 30 },
    runs: 10,
    seed: 0,
    backend: 'auto',
  });
}
