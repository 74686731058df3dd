import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConstraintPlan } from '../../../../main/core/constraints/constraint-plan.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { selectBackend } from '../../../../main/core/engine/backend.js';
import { estimateEvaluationCost, evaluateIterate } from '../../../../main/core/engine/evaluator.js';
import { createMlp, initialWeights } from '../../../../main/core/engine/model.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { splitProbabilities } from '../../../../main/core/engine/split-probabilities.js';
import { tf } from '../../../../main/core/engine/tf.js';
import { streamedFixture } from '../../../helpers/streamed-fixture.js';

const fixture = await streamedFixture();
beforeAll(() => selectBackend('wasm'));
afterAll(() => fixture.remove());

describe('evaluating a streamed task', () => {
  it('gives the in-memory task’s probabilities and metrics exactly, split by split', async () => {
    const config = fixture.config();
    const inMemory = await prepareTask(config, { cacheDir: fixture.cacheDir });
    const streamed = await prepareTask(config, { cacheDir: fixture.cacheDir, stream: true });
    const width = inMemory.featureNames.length;
    const model = createMlp(width, [8], initialWeights(width, [8], new Rng(4)));
    try {
      expect(inMemory.validation).not.toBeNull();
      const plan = buildConstraintPlan(config.constraints, inMemory.groups);
      const own = await evaluateIterate(model, inMemory, plan, 7);
      const read = await evaluateIterate(model, streamed, plan, 7);
      expect(read).not.toBeNull();
      expect(read!.outcomes.map((o) => o.name)).toEqual(['train', 'validation', 'test']);
      read!.outcomes.forEach((outcome, k) => {
        const expected = own!.outcomes[k]!;
        expect(Buffer.from(outcome.probs.buffer).equals(Buffer.from(expected.probs.buffer))).toBe(true);
        expect(outcome.metrics).toEqual(expected.metrics);
      });
      expect(read!.candidate).toEqual(own!.candidate);
      // Scored in blocks of 100 rows, read one after another and laid end to end.
      const probs = await splitProbabilities(model, streamed, streamed.train, 100);
      expect(Array.from(probs)).toEqual(Array.from(own!.outcomes[0]!.probs));
      expect(await estimateEvaluationCost(model, streamed, plan)).toBeGreaterThan(0);
    } finally {
      streamed.stream?.close();
      tf.dispose(model.variables);
    }
  });
});
