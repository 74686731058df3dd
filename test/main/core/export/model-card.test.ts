import { describe, expect, it } from 'vitest';
import { taskConfigSchema } from '../../../../shared/config/task-config.js';
import { modelCardSchema } from '../../../../shared/model-card.js';
import { computeAudit } from '../../../../main/core/audit/compute-audit.js';
import { CONTEXT_PLACEHOLDERS } from '../../../../main/core/audit/report/report-input.js';
import { verdictCell } from '../../../../main/core/audit/report/html.js';
import { modelCardAppendix } from '../../../../main/core/audit/report/section-model-card.js';
import { modelCardFrom, type ModelCardSource } from '../../../../main/core/export/model-card.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { auditRun, oneAttributeAudit } from '../../../helpers/audit-data.js';

const config = taskConfigSchema.parse({
  name: 'card test',
  data: { path: 'people.csv', label: { column: 'y', positive: ['yes'] }, protectedAsFeatures: ['sex'] },
  split: { test: 0.5, seed: 1 },
  groups: { attributes: [{ column: 'sex' }] },
  constraints: [{ kind: 'positive-rate-gap', tolerance: 0.1 }],
  model: { hidden: [4] },
  solver: { name: 'adam' },
  budget: { iterations: 1 },
});

/** 400 rows in two groups, scored by `score(label, group, noise)`. */
function source(score: (y: number, g: number, u: number) => number): ModelCardSource {
  const rng = new Rng(4);
  const n = 400;
  const labels = Float32Array.from({ length: n }, () => (rng.float() < 0.4 ? 1 : 0));
  const groups = Int32Array.from({ length: n }, (_, i) => i % 2);
  const probs = Float32Array.from({ length: n }, (_, i) => score(labels[i]!, groups[i]!, rng.float()));
  const split = { probs, labels, groups };
  const data = oneAttributeAudit({ name: 'sex', column: 'sex' }, ['female', 'male'], split, {
    constraints: config.constraints,
    minSize: 30,
  });
  const audit = computeAudit(data, auditRun({ label: 'card run', solver: 'adam' }), {
    threshold: 0.5,
    bootstrap: { resamples: 200, seed: 1, confidence: 0.95 },
  });
  return {
    audit,
    context: { ...CONTEXT_PLACEHOLDERS, decision: 'who gets a <callback>' },
    config,
    task: {
      featureNames: ['age', 'sex=female', 'sex=male'],
      groupAttributes: ['sex'],
      groups: [
        { name: 'female', parts: ['female'], trainCount: 200, small: false },
        { name: 'male', parts: ['male'], trainCount: 200, small: false },
      ],
      dataset: {
        path: '/data/people.csv',
        sha256: 'ab'.repeat(32),
        rowsRead: 810,
        rowsUsed: 800,
        droppedRows: 10,
        droppedReasons: {},
      },
      rows: { train: 400, validation: 0, test: 400 },
    },
    modelHashes: { files: {}, combined: 'cd'.repeat(32) },
  };
}

describe('model card', () => {
  it('takes its figures from the audit: constraint verdict and interval, metrics with intervals, intended use given or null', () => {
    const s = source((y, _g, u) => (y ? 0.55 + 0.4 * u : 0.05 + 0.5 * u));
    const card = modelCardSchema.parse(modelCardFrom(s, [4]));
    const certificate = s.audit.certificate[0]!.splits.find((x) => x.split === 'test')!;
    expect(card.constraints).toEqual([
      {
        name: s.audit.certificate[0]!.name,
        kind: 'positive-rate-gap',
        tolerance: 0.1,
        test: {
          value: certificate.value,
          lo: certificate.lo,
          hi: certificate.hi,
          upper: certificate.upper,
          verdict: certificate.verdict,
        },
      },
    ]);
    expect(card.metrics.overall.accuracy).toEqual(s.audit.splits.test.overall.accuracy);
    expect(card.metrics.overall.accuracy.lo).not.toBeNull();
    expect(card.metrics.groups.map((g) => g.name)).toEqual(['female', 'male']);
    expect(card.intendedUse).toEqual({
      decision: 'who gets a <callback>',
      affected: null,
      outOfScope: null,
      intervention: null,
      rationale: null,
    });
    expect(card.protectedAttributes).toEqual({ names: ['sex'], usedAsInputs: ['sex'] });
    expect(card.data).toMatchObject({
      file: 'people.csv',
      label: 'y ∈ {yes}',
      rowsUsed: 800,
      split: { train: 400, validation: 0, test: 400 },
    });
    expect(card.warnings).toEqual([]);
  });

  it('never reports "satisfied" for a model that predicts one class for everyone', () => {
    const s = source(() => 0.2);
    // A zero selection-rate gap of a model that selects nobody is trivial in the audit, and so on the card.
    expect(s.audit.certificate[0]!.splits.find((x) => x.split === 'test')!.verdict).toBe('trivial');
    const card = modelCardFrom(s, [4]);
    expect(card.constraints[0]!.test.verdict).toBe('trivial');
    expect(card.allSatisfied).toBe(false);
    expect(card.warnings.join(' ')).toMatch(/predicts negative/);
  });

  it('prints in the audit PDF as an appendix, escaped, with the data hash and the verdicts', () => {
    const s = source((y, _g, u) => (y ? 0.6 + 0.3 * u : 0.1 + 0.5 * u));
    const html = modelCardAppendix(s);
    expect(html).toContain('Appendix D — Model card');
    expect(html).toContain('who gets a &lt;callback&gt;');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain(verdictCell(modelCardFrom(s, [4]).constraints[0]!.test.verdict));
    expect(html).toContain('not stated');
  });
});
