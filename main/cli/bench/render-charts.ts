import { createRequire } from 'node:module';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../../core/chromium.js';
import type { Band } from './convergence.js';

/** One panel: a quantity's band over runs for one method, optionally with the ±δ feasibility band. */
export interface PanelSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  band: Band;
  /** Shaded feasible band, e.g. [0, δ] for an absolute gap, with its legend label. */
  tolerance?: { low: number; high: number; label: string };
  yRange?: { min: number; max: number };
}

function chartUmdPath(): string {
  const cjs = createRequire(import.meta.url).resolve('chart.js');
  return path.join(path.dirname(cjs), 'chart.umd.js');
}

const PANEL_W = 520;
const PANEL_H = 320;

/** Runs in the page: builds one Chart.js line chart per panel. Kept self-contained (it is serialised). */
function drawPanels(specs: PanelSpec[]): void {
  // main/ compiles without the DOM library, so the page's few DOM calls are typed here.
  interface Canvas {
    width: number;
    height: number;
  }
  interface Page {
    Chart: new (el: Canvas, config: unknown) => unknown;
    document: {
      getElementById(id: string): { appendChild(node: Canvas): void } | null;
      createElement(tag: 'canvas'): Canvas;
    };
  }
  const { Chart, document } = globalThis as unknown as Page;
  const root = document.getElementById('root')!;
  for (const spec of specs) {
    const canvas = document.createElement('canvas');
    canvas.width = 520;
    canvas.height = 320;
    root.appendChild(canvas);
    const xy = (ys: (number | null)[]) => spec.band.seconds.map((x, i) => ({ x, y: ys[i] ?? null }));
    const datasets: unknown[] = [];
    if (spec.tolerance) {
      const { low, high, label } = spec.tolerance;
      const xs = [spec.band.seconds[0] ?? 0, spec.band.seconds.at(-1) ?? 1];
      datasets.push({
        label: 'bound',
        data: xs.map((x) => ({ x, y: low })),
        borderColor: 'rgba(0,150,0,0.6)',
        borderDash: [4, 4],
        borderWidth: 1,
        pointRadius: 0,
        fill: false,
      });
      datasets.push({
        label,
        data: xs.map((x) => ({ x, y: high })),
        borderColor: 'rgba(0,150,0,0.6)',
        borderDash: [4, 4],
        borderWidth: 1,
        pointRadius: 0,
        fill: '-1',
        backgroundColor: 'rgba(0,170,0,0.10)',
      });
    }
    datasets.push({
      label: '25 %',
      data: xy(spec.band.q25),
      borderColor: 'rgba(30,90,200,0.0)',
      pointRadius: 0,
      fill: false,
      spanGaps: true,
    });
    datasets.push({
      label: '25–75 %',
      data: xy(spec.band.q75),
      borderColor: 'rgba(30,90,200,0.0)',
      backgroundColor: 'rgba(30,90,200,0.22)',
      pointRadius: 0,
      fill: '-1',
      spanGaps: true,
    });
    datasets.push({
      label: 'median',
      data: xy(spec.band.median),
      borderColor: 'rgb(30,90,200)',
      borderWidth: 2,
      pointRadius: 0,
      fill: false,
      spanGaps: true,
    });
    datasets.push({
      label: 'mean',
      data: xy(spec.band.mean),
      borderColor: 'rgb(220,100,20)',
      borderDash: [6, 3],
      borderWidth: 1.5,
      pointRadius: 0,
      fill: false,
      spanGaps: true,
    });
    new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: false,
        devicePixelRatio: 1,
        parsing: true,
        plugins: {
          title: { display: true, text: spec.title },
          legend: { labels: { filter: (item: { text: string }) => item.text !== '25 %' && item.text !== 'bound' } },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: spec.xLabel } },
          y: { title: { display: true, text: spec.yLabel }, ...(spec.yRange ?? {}) },
        },
      },
    });
  }
}

/** Draws panels in a grid with Chart.js in headless Chromium and saves the page as one PNG. */
export async function renderPanelsPng(
  panels: PanelSpec[],
  outFile: string,
  options: { columns?: number; chromium: string },
): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: options.chromium,
    args: CHROMIUM_ARGS,
  });
  try {
    const columns = options.columns ?? 2;
    const rows = Math.ceil(panels.length / columns);
    const page = await browser.newPage({
      viewport: { width: columns * (PANEL_W + 16) + 16, height: rows * (PANEL_H + 16) + 16 },
    });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:#fff"><div id="root" style="display:grid;grid-template-columns:repeat(${columns},${PANEL_W}px);gap:16px;padding:16px"></div></body></html>`,
    );
    await page.addScriptTag({ path: chartUmdPath() });
    // drawPanels is serialised from its compiled form; esbuild (tsx, our bundles) keeps names with __name(), so the
    // page needs that helper as a no-op.
    await page.addScriptTag({ content: 'window.__name = (fn) => fn;' });
    await page.evaluate(drawPanels, panels);
    await page.screenshot({ path: outFile, fullPage: true });
  } finally {
    await browser.close();
  }
}
