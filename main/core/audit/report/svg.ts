import { esc, num, type Unit } from './format.js';

/** Inline SVG charts for the report: no script, no remote content, real text that survives printing to PDF. */

export interface Bar {
  label: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  flag?: boolean;
}

interface BarChartOptions {
  title: string;
  unit: Unit;
  /** Vertical reference lines, e.g. the four-fifths line at 0.8. */
  lines?: { at: number; label: string }[];
  /** Shaded acceptable band, e.g. the tolerance band [0, δ]. */
  band?: { from: number; to: number; label: string };
  max?: number;
}

/** Horizontal bars with interval whiskers: one row per group. */
export function barChart(bars: Bar[], o: BarChartOptions): string {
  const rowH = 16,
    left = 190,
    width = 640,
    plotW = width - left - 70,
    top = 28;
  const height = top + bars.length * rowH + 26;
  const finite = bars.flatMap((b) => [b.value, b.hi]).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = o.max ?? Math.max(1e-9, ...finite, ...(o.lines ?? []).map((l) => l.at), o.band?.to ?? 0) * 1.05;
  const x = (v: number) => left + (Math.max(0, Math.min(v, max)) / max) * plotW;
  const parts: string[] = [];
  parts.push(`<text x="0" y="14" class="chart-title">${esc(o.title)}</text>`);
  if (o.band) {
    parts.push(
      `<rect x="${x(o.band.from)}" y="${top - 4}" width="${x(o.band.to) - x(o.band.from)}" height="${bars.length * rowH + 4}" class="band"/>`,
    );
    parts.push(
      `<text x="${x(o.band.to) + 3}" y="${top + bars.length * rowH + 14}" class="axis">${esc(o.band.label)}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
    parts.push(`<text x="${left - 6}" y="${y + 11}" text-anchor="end" class="axis">${esc(label)}</text>`);
    if (b.value === null) {
      parts.push(`<text x="${left + 4}" y="${y + 11}" class="axis muted">n/a</text>`);
      return;
    }
    parts.push(
      `<rect x="${left}" y="${y + 3}" width="${Math.max(0.5, x(b.value) - left)}" height="${rowH - 6}" class="${b.flag ? 'bar flag' : 'bar'}"/>`,
    );
    if (b.lo !== null && b.hi !== null) {
      parts.push(`<line x1="${x(b.lo)}" x2="${x(b.hi)}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" class="whisker"/>`);
      parts.push(`<line x1="${x(b.lo)}" x2="${x(b.lo)}" y1="${y + 4}" y2="${y + rowH - 4}" class="whisker"/>`);
      parts.push(`<line x1="${x(b.hi)}" x2="${x(b.hi)}" y1="${y + 4}" y2="${y + rowH - 4}" class="whisker"/>`);
    }
    parts.push(
      `<text x="${Math.min(width - 2, x(b.hi ?? b.value) + 4)}" y="${y + 11}" class="axis">${esc(num(b.value, o.unit))}</text>`,
    );
  });
  for (const l of o.lines ?? []) {
    parts.push(
      `<line x1="${x(l.at)}" x2="${x(l.at)}" y1="${top - 6}" y2="${top + bars.length * rowH}" class="refline"/>`,
    );
    parts.push(`<text x="${x(l.at)}" y="${top - 8}" text-anchor="middle" class="axis">${esc(l.label)}</text>`);
  }
  parts.push(
    `<line x1="${left}" x2="${left + plotW}" y1="${top + bars.length * rowH}" y2="${top + bars.length * rowH}" class="axisline"/>`,
  );
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}

export interface Series {
  name: string;
  points: [number, number][];
}

interface LineChartOptions {
  title: string;
  xLabel: string;
  /** Horizontal reference lines (e.g. 0 for "c(x) ≤ 0 is satisfied", or a tolerance). */
  hlines?: { at: number; label: string }[];
  width?: number;
  height?: number;
}

const COLORS = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#a16207', '#0f766e', '#be123c', '#4b5563'];

/** A small line chart (small multiples in the training-evidence section). */
export function lineChart(series: Series[], o: LineChartOptions): string {
  const legendRows = series.length > 1 ? Math.min(series.length, 6) : 0;
  const width = o.width ?? 320,
    height = (o.height ?? 170) + legendRows * 10;
  const left = 46,
    right = 8,
    top = 22,
    bottom = 30 + legendRows * 10;
  const pts = series.flatMap((s) => s.points).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const parts: string[] = [`<text x="0" y="13" class="chart-title">${esc(o.title)}</text>`];
  if (pts.length === 0) {
    parts.push(`<text x="${left}" y="${top + 30}" class="axis muted">no data recorded</text>`);
    return `<svg class="chart small" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
  }
  const ys = [...pts.map((p) => p[1]), ...(o.hlines ?? []).map((h) => h.at)];
  const x0 = Math.min(...pts.map((p) => p[0]));
  let x1 = Math.max(...pts.map((p) => p[0]));
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const X = (v: number) => left + ((v - x0) / (x1 - x0)) * (width - left - right);
  const Y = (v: number) => top + (1 - (v - y0) / (y1 - y0)) * (height - top - bottom);
  parts.push(
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" class="plot"/>`,
  );
  for (const v of [y0 + pad, (y0 + y1) / 2, y1 - pad]) {
    parts.push(`<text x="${left - 3}" y="${Y(v) + 3}" text-anchor="end" class="axis">${esc(tick(v))}</text>`);
  }
  const axisY = height - bottom;
  parts.push(`<text x="${left}" y="${axisY + 12}" class="axis">${esc(tick(x0))}</text>`);
  parts.push(`<text x="${width - right}" y="${axisY + 12}" text-anchor="end" class="axis">${esc(tick(x1))}</text>`);
  parts.push(
    `<text x="${(left + width) / 2}" y="${axisY + 24}" text-anchor="middle" class="axis">${esc(o.xLabel)}</text>`,
  );
  for (const h of o.hlines ?? []) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${Y(h.at)}" y2="${Y(h.at)}" class="refline"/>`);
    parts.push(
      `<text x="${width - right - 2}" y="${Y(h.at) - 2}" text-anchor="end" class="axis">${esc(h.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const d = s.points
      .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b))
      .map(([a, b], k) => `${k ? 'L' : 'M'}${X(a).toFixed(1)},${Y(b).toFixed(1)}`)
      .join('');
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.2"/>`);
  });
  if (series.length > 1) {
    series.slice(0, 6).forEach((s, i) => {
      const y = axisY + 34 + i * 10;
      parts.push(
        `<line x1="${left}" x2="${left + 14}" y1="${y - 3}" y2="${y - 3}" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`,
      );
      parts.push(`<text x="${left + 18}" y="${y}" class="legend">${esc(s.name)}</text>`);
    });
  }
  return `<svg class="chart small" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** Scatter with one highlighted point (the Pareto view of runs). */
export function scatterChart(
  points: { x: number; y: number; label: string; chosen?: boolean }[],
  o: { title: string; xLabel: string; yLabel: string },
): string {
  const width = 420,
    height = 230,
    left = 52,
    right = 10,
    top = 22,
    bottom = 34;
  const parts: string[] = [`<text x="0" y="13" class="chart-title">${esc(o.title)}</text>`];
  const ok = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (!ok.length)
    return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
  let [x0, x1] = [Math.min(0, ...ok.map((p) => p.x)), Math.max(...ok.map((p) => p.x))];
  let [y0, y1] = [Math.min(...ok.map((p) => p.y)), Math.max(...ok.map((p) => p.y))];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 0.01, y1 + 0.01];
  // Pad so points on the extremes are not drawn on the frame.
  const px = (x1 - x0) * 0.06,
    py = (y1 - y0) * 0.08;
  [x0, x1, y0, y1] = [x0 - px, x1 + px, y0 - py, y1 + py];
  const X = (v: number) => left + ((v - x0) / (x1 - x0)) * (width - left - right);
  const Y = (v: number) => top + (1 - (v - y0) / (y1 - y0)) * (height - top - bottom);
  parts.push(
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" class="plot"/>`,
  );
  parts.push(`<text x="${left - 3}" y="${Y(y1) + 8}" text-anchor="end" class="axis">${esc(tick(y1))}</text>`);
  parts.push(`<text x="${left - 3}" y="${Y(y0)}" text-anchor="end" class="axis">${esc(tick(y0))}</text>`);
  parts.push(`<text x="${left}" y="${height - 20}" class="axis">${esc(tick(x0))}</text>`);
  parts.push(`<text x="${width - right}" y="${height - 20}" text-anchor="end" class="axis">${esc(tick(x1))}</text>`);
  parts.push(
    `<text x="${(left + width) / 2}" y="${height - 6}" text-anchor="middle" class="axis">${esc(o.xLabel)}</text>`,
  );
  parts.push(
    `<text x="10" y="${(top + height - bottom) / 2}" transform="rotate(-90 10 ${(top + height - bottom) / 2})" text-anchor="middle" class="axis">${esc(o.yLabel)}</text>`,
  );
  for (const p of ok) {
    parts.push(
      `<circle cx="${X(p.x)}" cy="${Y(p.y)}" r="${p.chosen ? 5 : 3}" class="${p.chosen ? 'dot chosen' : 'dot'}"><title>${esc(p.label)}</title></circle>`,
    );
    if (p.chosen) {
      const leftSide = X(p.x) > width * 0.6;
      parts.push(
        `<text x="${X(p.x) + (leftSide ? -7 : 7)}" y="${Y(p.y) + 3}" text-anchor="${leftSide ? 'end' : 'start'}" class="axis">${esc(p.label)}</text>`,
      );
    }
  }
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

function tick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  if (a >= 0.001) return v.toFixed(3);
  return v.toExponential(1);
}
