import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bandOverRuns } from '../../../../main/cli/bench/convergence.js';
import { findChromium } from '../../../../main/core/chromium.js';
import { renderPanelsPng } from '../../../../main/cli/bench/render-charts.js';

const chromium = findChromium();

describe.skipIf(chromium === null)('renderPanelsPng (needs Chromium)', () => {
  it('draws a grid of Chart.js panels into one PNG', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fairbound-chart-'));
    try {
      const runs = [0, 1, 2].map((k) => ({ seconds: [0, 1, 2, 3], values: [0.05, 0.02 + k * 0.001, 0.01, 0.004] }));
      const band = bandOverRuns(runs, 3, 10);
      const file = path.join(dir, 'plot.png');
      const panel = {
        title: 'gap',
        xLabel: 'seconds',
        yLabel: 'gap',
        band,
        tolerance: { low: 0, high: 0.005, label: 'δ' },
      };
      await renderPanelsPng([panel, panel, panel], file, { chromium: chromium!, columns: 2 });
      const png = await readFile(file);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      // Two columns of 520 px panels plus gaps; two rows of 320 px.
      expect(png.readUInt32BE(16)).toBe(2 * 536 + 16);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(2 * 320);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
