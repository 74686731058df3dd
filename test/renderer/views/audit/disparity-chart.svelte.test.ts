import { Chart } from 'chart.js';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { disparityChart, type DisparitySpec } from '../../../../renderer/src/views/audit/disparity-chart.svelte';
import { fakeCanvas } from '../../canvas';

const impactRatios = (values: (number | null)[]): DisparitySpec => ({
  labels: values.map((_, i) => `group ${i}`),
  values,
  intervals: values.map((v) => (v === null ? null : [v - 0.05, v + 0.05])),
  lines: [
    { at: 0.8, label: '0.8' },
    { at: 1, label: '1' },
  ],
  band: [0.8, 1.25],
  flagged: values.map((v) => v !== null && v < 0.8),
  xLabel: 'impact ratio',
});

describe('the disparity chart attachment', () => {
  it('draws one bar and one interval per group, counts the defined bars, and redraws in place on a new spec', async () => {
    const canvas = fakeCanvas();
    let spec = $state.raw(impactRatios([1, 0.7, null]));
    const stop = $effect.root(() => disparityChart(() => spec)(canvas));
    flushSync();
    // A group with no value (e.g. 0 positives) has no bar and is not counted.
    await vi.waitFor(() => expect(canvas.dataset['bars']).toBe('2'));
    const drawn = Chart.getChart(canvas)!;
    expect(drawn.data.labels).toEqual(['group 0', 'group 1', 'group 2']);
    const [bars, intervals] = drawn.data.datasets;
    expect(bars!.backgroundColor).toEqual(['#8fa8e8', '#e8a09a', '#8fa8e8']);
    expect(intervals!.data[1]).toEqual([0.7 - 0.05, 0.7 + 0.05]);

    spec = { ...impactRatios([0.9, 0.95, 1.1]), xLabel: 'selection-rate ratio' };
    flushSync();
    await vi.waitFor(() => expect(canvas.dataset['bars']).toBe('3'));
    expect(Chart.getChart(canvas)).toBe(drawn);
    const x = drawn.options.scales!['x'] as { title: { text: string } };
    expect(x.title.text).toBe('selection-rate ratio');
    stop();
    expect(Chart.getChart(canvas)).toBeUndefined();
  });
});
