import { esc } from './format.js';
import type { ReportInput } from './report-input.js';
import { modelCardAppendix } from './section-model-card.js';
import { appendices, limitations } from './sections-back.js';
import { cover, dataSection, executiveSummary, groupsSection, intendedUse, methodSection } from './sections-front.js';
import { certificate, disaggregated, performance, trainingEvidence, tradeOffs } from './sections-results.js';

/** The whole report as one self-contained HTML document: inline CSS and SVG, no script, no remote content. */
export function renderReportHtml(r: ReportInput, css: string): string {
  const body = [
    cover(r),
    executiveSummary(r),
    intendedUse(r),
    dataSection(r),
    groupsSection(r),
    methodSection(r),
    trainingEvidence(r),
    performance(r),
    disaggregated(r),
    certificate(r),
    tradeOffs(r),
    limitations(r),
    appendices(r),
    modelCardAppendix(r),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Fairness audit ${esc(r.reportId)} — ${esc(r.context.systemName)}</title>
<style>${css}</style></head>
<body>${body}</body></html>`;
}
