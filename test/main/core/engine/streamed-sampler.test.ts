import { afterAll, describe, expect, it } from 'vitest';
import { buildConstraintPlan, OVERALL } from '../../../../main/core/constraints/constraint-plan.js';
import { prepareTask } from '../../../../main/core/data/prepare.js';
import { Rng } from '../../../../main/core/engine/rng.js';
import { StreamedSampler } from '../../../../main/core/engine/streamed-sampler.js';
import { streamedFixture } from '../../../helpers/streamed-fixture.js';

const fixture = await streamedFixture();
afterAll(() => fixture.remove());

describe('the streamed sampler', () => {
  it('draws each slot from its group, the rows the in-memory split holds, and every training row once per epoch of windows', async () => {
    const config = fixture.config({ split: { test: 0.2, validation: 0, seed: 5 } });
    const inMemory = await prepareTask(config, { cacheDir: fixture.cacheDir });
    const streamed = await prepareTask(config, { cacheDir: fixture.cacheDir, stream: true });
    try {
      const train = inMemory.train;
      expect(train.rows).toBe(1600);
      const f = inMemory.featureNames.length;
      // The encoded id (feature 0) names a training row.
      const rowOf = new Map<number, number>();
      for (let r = 0; r < train.rows; r++) rowOf.set(train.features![r * f]!, r);
      expect(rowOf.size).toBe(train.rows);
      const plan = buildConstraintPlan(config.constraints, inMemory.groups);
      expect(plan.slots).toContain(OVERALL);
      const sampler = await StreamedSampler.open(streamed.train, streamed.stream!, plan.slots, new Rng(9), {
        blockRows: 100,
        windowBlocks: 4,
        minWindowRows: 50,
      });
      const log = sampler.companion(new Rng(10));
      // Group C lies in the first block only: held whole; A and B come from the windows.
      const c = inMemory.groups.findIndex((g) => g.name === 'C');
      const trainCount = (g: number) => train.groups.filter((x) => x === g).length;
      sampler.slots.forEach((g, slot) => {
        const size = sampler.slotSizes()[slot]!;
        if (g === c) expect(size).toBe(trainCount(c));
        else if (g !== OVERALL) expect(size).toBeLessThan(trainCount(g));
        else expect(size).toBe(400);
      });

      const objectiveRows = 32;
      const perSlot = 8;
      const batch = sampler.allocate(objectiveRows, 1, perSlot);
      const logBatch = log.allocate(0, 1, perSlot);
      const seen: number[] = [];
      const check = (x: Float32Array, y: Float32Array, at: number): number => {
        const row = rowOf.get(x[at * f]!);
        expect(row).toBeDefined();
        const own = train.features!.subarray(row! * f, (row! + 1) * f);
        expect(Array.from(x.subarray(at * f, (at + 1) * f))).toEqual(Array.from(own));
        expect(y[at]).toBe(train.labels[row!]);
        return row!;
      };
      const checkSlots = (b: typeof batch, first: number) =>
        sampler.slots.forEach((g, slot) => {
          for (let i = 0; i < perSlot; i++) {
            const row = check(b.x, b.y, first + slot * perSlot + i);
            if (g !== OVERALL) expect(train.groups[row]).toBe(g);
          }
        });
      // 16 blocks, windows of 4: the first 1,600 objective rows are the four windows of the first epoch.
      for (let step = 0; step < train.rows / objectiveRows; step++) {
        await sampler.settled();
        sampler.fill(batch);
        for (let i = 0; i < objectiveRows; i++) seen.push(check(batch.x, batch.y, i));
        checkSlots(batch, objectiveRows);
        log.fill(logBatch);
        checkSlots(logBatch, 0);
      }
      expect(sampler.windowsServed).toBe(4);
      expect(new Set(seen).size).toBe(train.rows);
      expect(sampler.epochs).toBe(1);
      // The next draw moves to the second epoch's first window.
      await sampler.settled();
      sampler.fill(batch);
      expect(sampler.windowsServed).toBe(5);
    } finally {
      streamed.stream?.close();
    }
  });

  it('draws again from the current window while the next one is still being read', async () => {
    const config = fixture.config({ split: { test: 0.2, validation: 0, seed: 5 } });
    const streamed = await prepareTask(config, { cacheDir: fixture.cacheDir, stream: true });
    try {
      const plan = buildConstraintPlan(config.constraints, streamed.groups);
      const sampler = await StreamedSampler.open(streamed.train, streamed.stream!, plan.slots, new Rng(9), {
        blockRows: 100,
        windowBlocks: 4,
        minWindowRows: 50,
      });
      const batch = sampler.allocate(400, 0, 1);
      // No await between fills: the prefetch (a DuckDB read) cannot have landed, so the window stays.
      sampler.fill(batch);
      sampler.fill(batch);
      sampler.fill(batch);
      expect(sampler.windowsServed).toBe(1);
      await sampler.settled();
      sampler.fill(batch);
      expect(sampler.windowsServed).toBe(2);
    } finally {
      streamed.stream?.close();
    }
  });
});
