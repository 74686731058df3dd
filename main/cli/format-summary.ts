import type { DatasetSummary } from '../../shared/ipc/channels/datasets.js';

function cell(value: number | string | null, digits = 4): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? String(value) : value.toPrecision(digits);
}

/** `fairbound inspect` as text: file facts, then one line per column (type, missing, distinct, range or top values). */
export function datasetSummaryText(summary: DatasetSummary): string {
  const dialect = summary.dialect
    ? `, delimiter ${JSON.stringify(summary.dialect.delimiter)}, ${summary.dialect.header ? 'header' : 'no header'}, ${summary.dialect.encoding}`
    : '';
  const head = `${summary.path}\n${summary.format}${summary.compression === 'gzip' ? ' (gzip)' : ''}${dialect}, ${summary.bytes} bytes, ${summary.rows} rows, ${summary.columns.length} columns`;
  const rows = summary.columns.map((c) => {
    const spread =
      c.kind === 'numeric' || c.kind === 'temporal'
        ? `${cell(c.min)} … ${cell(c.max)}${c.mean === null ? '' : `, mean ${cell(c.mean)}`}`
        : c.top
            .slice(0, 4)
            .map((t) => `${t.value} (${t.count})`)
            .join(', ');
    return [
      c.name,
      `${c.kind} ${c.type}`,
      c.missing ? `${c.missing} (${(c.missingShare * 100).toFixed(1)} %)` : '0',
      String(c.distinct),
      `${spread}${c.idLike ? '  [ID-like]' : ''}${c.personal ? '  [personal: values hidden]' : ''}`,
    ];
  });
  const header = ['column', 'type', 'missing', 'distinct', 'range / top values'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const notes = summary.notes.map((n) => `note: ${n}`);
  return [head, '', line(header), ...rows.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
