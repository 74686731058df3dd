import { Chart } from 'chart.js';
import { flushSync } from 'svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { chart, type ChartSpec } from '../../../../renderer/src/views/train/chart.svelte';
import { fakeCanvas, installAnimationFrames } from '../../canvas';

beforeAll(installAnimationFrames);

function lossSpec(points: number): ChartSpec {
  return {
    kind: 'line',
    xLabel: 'iteration',
    yLabel: 'loss',
    series: [
      {
        label: 'train',
        color: '#000',
        data: Array.from({ length: points }, (_, i) => ({ x: i * 10, y: 1 / (i + 1) })),
      },
      { label: 'tolerance', color: '#f00', dashed: true, data: [{ x: 0, y: 0.1 }] },
    ],
  };
}

describe('the live chart attachment', () => {
  it('draws the spec, follows its changes once per frame, and says what it drew in data attributes', async () => {
    const canvas = fakeCanvas();
    // Raw: the app passes derived (unproxied) specs; Chart.js patches its data arrays, which a deep $state proxy forbids.
    let spec = $state.raw(lossSpec(3));
    const stop = $effect.root(() => {
      const detach = chart(() => spec)(canvas);
      return () => detach?.();
    });
    flushSync();
    await vi.waitFor(() => expect(canvas.dataset).toMatchObject({ points: '4', series: '2', lastX: '20' }));
    const drawn = Chart.getChart(canvas)!;
    expect(drawn.data.datasets.map((d) => d.label)).toEqual(['train', 'tolerance']);
    expect(JSON.parse(canvas.dataset['labels']!)).toEqual(['train', 'tolerance']);
    // A line chart's x axis (iterations) starts at 0, not at Chart.js's −1 around a single point.
    expect(drawn.options.scales?.['x']?.min).toBe(0);

    // Two changes within one frame: the chart is redrawn once, with the latest.
    const update = vi.spyOn(drawn, 'update');
    spec = lossSpec(5);
    flushSync();
    spec = lossSpec(8);
    flushSync();
    expect(canvas.dataset['points']).toBe('4');
    await vi.waitFor(() => expect(canvas.dataset).toMatchObject({ points: '9', lastX: '70' }));
    expect(update).toHaveBeenCalledTimes(1);
    expect(drawn.data.datasets[0]!.data).toHaveLength(8);

    stop();
    expect(Chart.getChart(canvas)).toBeUndefined();
  });

  it('fixes the axes to the given ranges and a scatter chart keeps names of its points', async () => {
    const canvas = fakeCanvas();
    const spec: ChartSpec = {
      kind: 'scatter',
      xLabel: 'violation',
      yLabel: 'accuracy',
      xRange: { min: 0, max: 0.2 },
      yRange: { min: 0.5, max: 1 },
      series: [{ label: 'SSL-ALM', color: '#00f', points: true, data: [{ x: 0.01, y: 0.8, name: 'job-1/0' }] }],
    };
    const stop = $effect.root(() => chart(() => spec)(canvas));
    flushSync();
    await vi.waitFor(() => expect(canvas.dataset['xRange']).toBe('0,0.2'));
    const scales = Chart.getChart(canvas)!.options.scales!;
    expect([scales['x']!.min, scales['x']!.max, scales['y']!.min, scales['y']!.max]).toEqual([0, 0.2, 0.5, 1]);
    expect(JSON.parse(canvas.dataset['names']!)).toEqual(['job-1/0']);
    stop();
  });
});
