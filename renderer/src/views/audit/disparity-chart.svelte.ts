import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type Plugin } from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface DisparitySpec {
  labels: string[];
  values: (number | null)[];
  intervals: ([number, number] | null)[];
  /** Vertical reference lines (e.g. 0.8 and 1 for impact ratios, ± tolerance for differences). */
  lines: { at: number; label: string }[];
  /** Shaded acceptable band [from, to]. */
  band: [number, number] | null;
  flagged: boolean[];
  xLabel: string;
}

/** Draws the reference lines and band under the bars (Chart.js has no built-in annotation). */
const guides: Plugin<'bar'> = {
  id: 'audit-guides',
  beforeDatasetsDraw(chart, _args, options) {
    const spec = (options as { spec?: DisparitySpec }).spec;
    const x = chart.scales['x'];
    const area = chart.chartArea;
    if (!spec || !x) return;
    const ctx = chart.ctx;
    ctx.save();
    if (spec.band) {
      ctx.fillStyle = 'rgba(22, 163, 148, 0.12)';
      const a = x.getPixelForValue(spec.band[0]);
      const b = x.getPixelForValue(spec.band[1]);
      ctx.fillRect(Math.min(a, b), area.top, Math.abs(b - a), area.bottom - area.top);
    }
    ctx.strokeStyle = '#c8372d';
    ctx.setLineDash([4, 3]);
    ctx.fillStyle = '#9f2a21';
    ctx.font = '11px sans-serif';
    for (const line of spec.lines) {
      const px = x.getPixelForValue(line.at);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.fillText(line.label, px + 3, area.top + 10);
    }
    ctx.restore();
  },
};

function data(spec: DisparitySpec) {
  return {
    labels: spec.labels,
    datasets: [
      {
        label: 'value',
        data: spec.values.map((v) => v ?? Number.NaN),
        backgroundColor: spec.flagged.map((f) => (f ? '#e8a09a' : '#8fa8e8')),
        barPercentage: 0.8,
        grouped: false,
        order: 2,
      },
      {
        label: '95 % interval',
        data: spec.intervals.map((i) => (i ? i : [Number.NaN, Number.NaN])) as unknown as number[],
        backgroundColor: '#1c2430',
        barPercentage: 0.12,
        grouped: false,
        order: 1,
      },
    ],
  };
}

/** Horizontal bars with interval bars on top, one per group; the spec updates in place. */
export function disparityChart(spec: () => DisparitySpec): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const initial = untrack(spec);
    const instance = new Chart(canvas, {
      type: 'bar',
      data: data(initial),
      plugins: [guides],
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { enabled: true },
          ...({ 'audit-guides': { spec: initial } } as object),
        },
        scales: { x: { type: 'linear', title: { display: true, text: initial.xLabel } }, y: { type: 'category' } },
      },
    });
    $effect(() => {
      const next = spec();
      instance.data = data(next);
      (instance.options.plugins as Record<string, unknown>)['audit-guides'] = { spec: next };
      const x = instance.options.scales?.['x'];
      if (x && 'title' in x && x.title) x.title.text = next.xLabel;
      instance.update('none');
      canvas.dataset['bars'] = String(next.values.filter((v) => v !== null).length);
    });
    return () => instance.destroy();
  };
}
