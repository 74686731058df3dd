import { z } from 'zod';
import { BACKENDS, CONSTRAINT_KINDS, CONSTRAINT_TOPOLOGIES, SOLVER_NAMES } from '../fairness.js';

/**
 * The task config: the one object the app builds and saves in a project, and the CLI reads from a file.
 * Field names are fixed (scripts depend on them). Every object is strict, so unknown fields are rejected by name.
 */

const columnName = z.string().min(1, 'column name must not be empty');

/**
 * Limits that keep every accepted config computable. Group counts use one SQL GROUPING over all attributes
 * (DuckDB allows 64 columns there), and beyond a handful of attributes intersections are too small to estimate.
 */
export const MAX_GROUP_ATTRIBUTES = 16;
/** More bins than this makes groups no estimate can support (and each edge costs a pass in the SQL CASE). */
export const MAX_BIN_EDGES = 100;
/** Distinct values a value → group map may name. */
export const MAX_MAP_ENTRIES = 10_000;

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

export const preprocessingSchema = z.strictObject({
  /** Cardinality cap for one-hot: rarer levels go to "other". */
  maxLevels: z.number().int().min(2).max(1000).default(20),
  missing: missingPolicySchema.default('impute'),
  columns: z.record(z.string(), columnPreprocessingSchema).default({}),
});

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

/** Validation share when the task has constraints and the config does not set one (docs/task-config.md). */
export const DEFAULT_VALIDATION_SHARE = 0.2;

export const splitSpecSchema = z
  .strictObject({
    test: z.number().min(0.01).max(0.9),
    /**
     * Share of rows held out for choosing the iterate and the threshold. Unset: DEFAULT_VALIDATION_SHARE when the task
     * has constraints (train / validation / test, so the test split only certifies), 0 otherwise. 0 turns it off.
     */
    validation: z.number().min(0).max(0.9).optional(),
    seed: z.number().int().default(42),
    stratify: z.boolean().default(true),
  })
  .refine((s) => s.test + (s.validation ?? DEFAULT_VALIDATION_SHARE) < 0.95, {
    message: 'test + validation must leave rows for training',
  });

export const groupAttributeSchema = z
  .strictObject({
    column: columnName,
    /** Value → group name; "*" catches every other (non-missing) value. */
    map: z
      .record(z.string(), z.string().min(1))
      .refine((m) => Object.keys(m).length <= MAX_MAP_ENTRIES, {
        message: `map names more than ${MAX_MAP_ENTRIES} values (the limit)`,
      })
      .optional(),
    /** Bin edges for numeric columns: [0, 25, 45, 65] → [0,25), [25,45), [45,65), [65,∞). */
    bins: z.array(z.number()).min(1).max(MAX_BIN_EDGES, `at most ${MAX_BIN_EDGES} bin edges`).optional(),
    /** Names for the bins (one per bin); default "[a, b)". */
    binLabels: z.array(z.string().min(1)).max(MAX_BIN_EDGES, `at most ${MAX_BIN_EDGES} bin labels`).optional(),
    /** Display name of the attribute (default: the column). */
    name: z.string().min(1).optional(),
  })
  .refine((a) => !(a.map && a.bins), { message: 'a group attribute takes "map" or "bins", not both' })
  .refine((a) => !a.bins || a.bins.every((b, i) => i === 0 || b > a.bins![i - 1]!), {
    message: 'bins must be strictly increasing',
  });
export type GroupAttribute = z.infer<typeof groupAttributeSchema>;

export const groupsSpecSchema = z.strictObject({
  attributes: z
    .array(groupAttributeSchema)
    .min(1, 'choose at least one protected attribute')
    .max(MAX_GROUP_ATTRIBUTES, `at most ${MAX_GROUP_ATTRIBUTES} protected attributes`),
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

/** Solvers whose multiplier side (multipliers, penalty value or switch test) can read separate estimates (solver.dual). */
export const DUAL_SOLVERS = ['gda', 'alm', 'ssl-alm', 'switching-subgradient'] as const;

/**
 * Where a constrained solver's multiplier side measures the constraints (docs/task-config.md). Parameter gradients
 * always use the training rows. split "validation": the two-dataset scheme of Cotter et al. (ICML 2019); rates "hard":
 * thresholded rates at the run's current threshold, the proxy-Lagrangian of Cotter, Jiang & Sridharan (ALT 2019).
 */
export const dualSpecSchema = z.strictObject({
  split: z.enum(['train', 'validation']).default('train'),
  rates: z.enum(['soft', 'hard']).default('soft'),
});

export const solverSpecSchema = z.strictObject({
  name: z.enum(SOLVER_NAMES),
  /** Objective minibatch size; also rows drawn per group for a constraint sample unless constraintBatchSize is set. */
  batchSize: z.number().int().min(1).max(1_048_576).default(8),
  constraintBatchSize: z.number().int().min(1).max(1_048_576).optional(),
  params: z.record(z.string(), z.number()).default({}),
  /** Unset: the multiplier side uses the training sample's soft estimates, as the solvers are published. */
  dual: dualSpecSchema.optional(),
});

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

/**
 * Which iterate becomes the model (judged on the validation split, or train without one). "auto": unconstrained solvers
 * keep the last iterate; constrained solvers the best objective among iterates whose constraints are not violated.
 * "best-feasible" (the version-1 name) reads as "auto".
 */
export const selectionSpecSchema = z
  .enum(['auto', 'last', 'best-objective', 'best-not-violated', 'best-feasible'])
  .transform((rule) => (rule === 'best-feasible' ? 'auto' : rule));
export type SelectionSpec = z.output<typeof selectionSpecSchema>;

/** How the decision threshold is set: fixed, or chosen on the validation split (train without one) by a named rule. */
export const thresholdRuleSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('fixed') }),
  /** The threshold at which the share predicted positive equals the share of positive labels. */
  z.strictObject({ rule: z.literal('match-base-rate') }),
  /** The threshold with the highest (TPR + TNR) / 2. */
  z.strictObject({ rule: z.literal('max-balanced-accuracy') }),
  /** The threshold at which the given share of rows is predicted positive. */
  z.strictObject({ rule: z.literal('target-selection-rate'), rate: z.number().gt(0).lt(1) }),
]);
export type ThresholdRuleSpec = z.infer<typeof thresholdRuleSchema>;
export const THRESHOLD_RULES = [
  'fixed',
  'match-base-rate',
  'max-balanced-accuracy',
  'target-selection-rate',
] as const satisfies readonly ThresholdRuleSpec['rule'][];

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
  selection: selectionSpecSchema.default('auto'),
  /** The fixed decision threshold (positive when p ≥ threshold), used when thresholdRule is "fixed". */
  threshold: z.number().gt(0).lt(1).default(0.5),
  thresholdRule: thresholdRuleSchema.default({ rule: 'fixed' }),
  /** "balanced": each class's rows weigh n / (2·n_class) in the objective, so a rare class is not ignored. */
  classWeights: z.enum(['none', 'balanced']).default('none'),
});
export type TaskConfig = z.infer<typeof taskConfigSchema>;
export type TaskConfigInput = z.input<typeof taskConfigSchema>;

/** The validation share a config resolves to (see splitSpecSchema.validation). */
export function validationShare(config: Pick<TaskConfig, 'split' | 'constraints'>): number {
  return config.split.validation ?? (config.constraints.length > 0 ? DEFAULT_VALIDATION_SHARE : 0);
}

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

/** File name of the bundled sample (resources/sample/ in the repository and the packaged app). */
export const SAMPLE_DATASET_FILE = 'ACSIncome-OK-2018.csv';

/** The paper's task on the bundled sample (docs/science/problem.md#the-papers-task), used for the sample project and `bench paper`. */
export function paperTaskConfig(dataPath: string): TaskConfig {
  return taskConfigSchema.parse({
    name: 'ACSIncome-OK, White vs Non-white, loss gap ≤ 0.005',
    data: {
      path: dataPath,
      label: { column: 'PINCP', positive: ['True'] },
      protectedAsFeatures: [],
    },
    split: { test: 0.2, validation: 0, seed: 42, stratify: true },
    groups: {
      attributes: [{ column: 'RAC1P', map: { '1': 'White', '*': 'Non-white' } }],
      intersect: true,
      minSize: 30,
    },
    constraints: [{ kind: 'loss-gap', topology: 'pairwise', tolerance: 0.005 }],
    model: { hidden: [64, 32] },
    solver: { name: 'ssl-alm', batchSize: 8, params: {} },
    budget: { seconds: 30 },
    runs: 10,
    seed: 0,
    backend: 'auto',
  });
}
