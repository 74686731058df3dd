import { esc } from './format.js';

/** Small HTML builders; cell contents are HTML already (escaped by the caller with esc()). */

export function table(headers: string[], rows: string[][], opts: { cls?: string; numeric?: number[] } = {}): string {
  const isNum = (i: number) => opts.numeric?.includes(i) ?? false;
  const head = headers.map((h, i) => `<th${isNum(i) ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${isNum(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('');
  return `<table${opts.cls ? ` class="${opts.cls}"` : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function kv(rows: [string, string][]): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}

export function verdictCell(v: string): string {
  return `<span class="${esc(v)}">${esc(v)}</span>`;
}

export function field(value: string): string {
  return value.startsWith('[') && value.endsWith(']') ? `<span class="placeholder">${esc(value)}</span>` : esc(value);
}
