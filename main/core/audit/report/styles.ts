/** Embedded print CSS: A4, real text, repeated table headers, rows never split across pages. */
export const REPORT_CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #111; }
body { margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 0 0 3mm; border-bottom: 1.5px solid #1f3a5f; padding-bottom: 1mm; color: #1f3a5f; }
h3 { font-size: 10.5pt; margin: 5mm 0 2mm; color: #1f3a5f; break-after: avoid; }
p { margin: 0 0 2.5mm; line-height: 1.35; }
section { break-before: page; }
section.cover { break-before: auto; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5px solid #b8c0cc; padding: 1mm 1.3mm; vertical-align: top; text-align: left; }
th { background: #e8edf4; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.wide { font-size: 6.6pt; }
table.wide td, table.wide th { padding: 0.6mm 0.8mm; }
table.kv th { width: 32%; }
.ci { color: #555; font-size: 0.9em; white-space: nowrap; }
.muted { color: #666; fill: #666; }
.pass, .satisfied { color: #166534; font-weight: bold; }
.fail, .violated { color: #b91c1c; font-weight: bold; }
.inconclusive, .trivial { color: #a16207; font-weight: bold; }
.flag { color: #a16207; }
.placeholder { color: #7c3aed; font-style: italic; }
.mono { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; word-break: break-all; }
pre.mono { white-space: pre-wrap; background: #f6f7f9; padding: 2mm; border: 0.5px solid #ddd; }
.verdict { font-size: 12pt; padding: 3mm; border: 1.5px solid; margin: 2mm 0 4mm; }
.verdict.pass { border-color: #166534; background: #f0fdf4; }
.verdict.fail { border-color: #b91c1c; background: #fef2f2; }
.verdict.none { border-color: #666; }
.signature { display: flex; gap: 10mm; margin-top: 10mm; }
.signature div { flex: 1; border-top: 0.8px solid #111; padding-top: 1mm; font-size: 8pt; }
.grid { display: flex; flex-wrap: wrap; gap: 3mm; }
.note { font-size: 7.5pt; color: #333; }
svg.chart { display: block; margin: 1mm 0 3mm; max-width: 100%; height: auto; break-inside: avoid; }
svg .chart-title { font-size: 10px; font-weight: bold; fill: #1f3a5f; }
svg .axis { font-size: 8px; fill: #333; }
svg .legend { font-size: 8px; }
svg .bar { fill: #6b8fbf; }
svg .bar.flag { fill: #d97777; }
svg .whisker { stroke: #111; stroke-width: 0.8; }
svg .refline { stroke: #b91c1c; stroke-width: 0.8; stroke-dasharray: 3 2; }
svg .band { fill: #dcfce7; }
svg .axisline { stroke: #999; stroke-width: 0.5; }
svg .plot { fill: #fafafa; stroke: #ccc; stroke-width: 0.5; }
svg .dot { fill: #6b8fbf; }
svg .dot.chosen { fill: #b91c1c; }
`;
