import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { untrack } from 'svelte';
import type { XY } from './series';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Filler,
  Legend,
  Tooltip,
);

export interface SeriesSpec {
  label: string;
  data: XY[];
  color: string;
  dashed?: boolean;
  /** Shade the area between this series and the x axis (tolerance bands). */
  fill?: boolean;
  /** Scatter: draw points only. */
  points?: boolean;
  /** Marker shape (scatter), so series that overlap stay told apart. */
  shape?: 'circle' | 'triangle' | 'rect' | 'rectRot' | 'star' | 'crossRot' | 'cross' | 'rectRounded';
}

export interface ChartSpec {
  kind: 'line' | 'scatter';
  series: SeriesSpec[];
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  /** Fixed axis ranges (default: Chart.js fits the data). */
  xRange?: { min: number; max: number };
  yRange?: { min: number; max: number };
}

export const PALETTE = [
  '#2f5bea',
  '#e0662c',
  '#16a394',
  '#b03fb6',
  '#c8372d',
  '#7a8a00',
  '#0b87b8',
  '#8a5a00',
  '#5b6675',
  '#d4a017',
];

function datasets(spec: ChartSpec): ChartDataset<'line' | 'scatter', XY[]>[] {
  return spec.series.map((s) => ({
    label: s.label,
    data: s.data,
    borderColor: s.color,
    // Scatter markers are see-through with a solid outline, so a point on top of another leaves both visible.
    backgroundColor: s.fill ? `${s.color}22` : s.points ? `${s.color}55` : s.color,
    borderDash: s.dashed ? [6, 4] : [],
    borderWidth: s.dashed ? 1 : 1.5,
    fill: s.fill ? 'origin' : false,
    showLine: !s.points,
    // Lines draw no markers, except while a series is too short to show a line at all.
    pointRadius: s.points ? 6 : s.data.length < 3 ? 3 : 0,
    pointStyle: s.shape ?? 'circle',
    pointBorderWidth: s.points ? 1.5 : 1,
    pointHoverRadius: s.points ? 7 : 3,
    tension: 0,
  }));
}

/**
 * Draws a Chart.js chart on a canvas and keeps it in step with `spec` (Svelte 5: an {@attach} drives third-party
 * libraries). The chart is built once; later changes of `spec` are applied at most once per animation frame,
 * without animation, so a stream of progress events never queues up redraws. The canvas carries the number of
 * points drawn in data-points, the largest x drawn in data-last-x and the series labels (tooltips; the legend is ChartFigure's HTML list) as a JSON array
 * in data-labels (tests read the chart data rather than pixels).
 */
export function chart(spec: () => ChartSpec): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const initial = untrack(spec);
    const instance = new Chart<'line' | 'scatter', XY[]>(canvas, {
      type: initial.kind,
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            enabled: true,
            callbacks: {
              label: (item) => {
                const point = item.raw as XY;
                return `${point.name ?? item.dataset.label ?? ''}: ${item.formattedValue}`;
              },
            },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: initial.xLabel } },
          y: { type: initial.logY ? 'logarithmic' : 'linear', title: { display: true, text: initial.yLabel } },
        },
      },
    });
    let frame = 0;
    $effect(() => {
      const next = spec();
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        instance.data.datasets = datasets(next);
        const scales = instance.options.scales ?? {};
        // A line chart's x is an iteration: never below 0 (Chart.js spans −1 … 1 around a single point at 0).
        const xMin = next.xRange?.min ?? (next.kind === 'line' ? 0 : undefined);
        if (scales['x']) Object.assign(scales['x'], { min: xMin, max: next.xRange?.max });
        if (scales['y']) Object.assign(scales['y'], { min: next.yRange?.min, max: next.yRange?.max });
        instance.update('none');
        canvas.dataset['points'] = String(next.series.reduce((n, s) => n + s.data.length, 0));
        canvas.dataset['series'] = String(next.series.length);
        canvas.dataset['lastX'] = String(Math.max(0, ...next.series.flatMap((s) => s.data.map((p) => p.x))));
        canvas.dataset['labels'] = JSON.stringify(next.series.map((s) => s.label));
        canvas.dataset['names'] = JSON.stringify(
          next.series.flatMap((s) => s.data.flatMap((p) => (p.name ? [p.name] : []))),
        );
        canvas.dataset['xRange'] = next.xRange ? `${next.xRange.min},${next.xRange.max}` : '';
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      instance.destroy();
    };
  };
}
