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

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Tooltip);

export interface SeriesSpec {
  label: string;
  data: XY[];
  color: string;
  dashed?: boolean;
  /** Shade the area between this series and the x axis (tolerance bands). */
  fill?: boolean;
  /** Scatter: draw points only. */
  points?: boolean;
}

export interface ChartSpec {
  kind: 'line' | 'scatter';
  series: SeriesSpec[];
  xLabel: string;
  yLabel: string;
  logY?: boolean;
}

export const PALETTE = ['#2f5bea', '#e0662c', '#16a394', '#b03fb6', '#c8372d', '#7a8a00', '#0b87b8', '#8a5a00', '#5b6675', '#d4a017'];

function datasets(spec: ChartSpec): ChartDataset<'line' | 'scatter', XY[]>[] {
  return spec.series.map((s) => ({
    label: s.label,
    data: s.data,
    borderColor: s.color,
    backgroundColor: s.fill ? `${s.color}22` : s.color,
    borderDash: s.dashed ? [6, 4] : [],
    borderWidth: s.dashed ? 1 : 1.5,
    fill: s.fill ? 'origin' : false,
    showLine: !s.points,
    // Lines draw no markers, except while a series is too short to show a line at all.
    pointRadius: s.points ? 4 : s.data.length < 3 ? 3 : 0,
    pointHoverRadius: s.points ? 7 : 3,
    tension: 0,
  }));
}

/**
 * Draws a Chart.js chart on a canvas and keeps it in step with `spec` (Svelte 5: an {@attach} drives third-party
 * libraries). The chart is built once; later changes of `spec` are applied at most once per animation frame,
 * without animation, so a stream of progress events never queues up redraws. The canvas carries the number of
 * points drawn in data-points and the series labels (legend and tooltips) as a JSON array in data-labels (tests
 * read the chart data rather than pixels).
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
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } }, tooltip: { enabled: true } },
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
        instance.update('none');
        canvas.dataset['points'] = String(next.series.reduce((n, s) => n + s.data.length, 0));
        canvas.dataset['series'] = String(next.series.length);
        canvas.dataset['labels'] = JSON.stringify(next.series.map((s) => s.label));
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      instance.destroy();
    };
  };
}
