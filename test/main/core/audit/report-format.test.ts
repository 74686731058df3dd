import { describe, expect, it } from 'vitest';
import { computeAudit } from '../../../../main/core/audit/compute-audit.js';
import { auditToCsv } from '../../../../main/core/audit/report/csv.js';
import { esc, est, num } from '../../../../main/core/audit/report/format.js';
import { barChart } from '../../../../main/core/audit/report/svg.js';
import { auditRun, oneAttributeAudit } from '../../../helpers/audit-data.js';

describe('report formatting', () => {
  it('prints undefined values with their reason, never as 0', () => {
    expect(est({ value: null, lo: null, hi: null, reason: '0 positives' })).toBe('n/a (0 positives)');
    expect(est({ value: 0.5234, lo: 0.5, hi: 0.55 })).toBe(
      '52.3\u00a0% <span class="ci">[50.0\u00a0%, 55.0\u00a0%]</span>',
    );
    expect(num(-0.0123, 'pp')).toBe('−1.2\u00a0pp');
    expect(num(null)).toBe('n/a');
  });

  it('escapes group names in HTML and SVG', () => {
    expect(esc('<b>"A" & B</b>')).toBe('&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;');
    expect(
      barChart([{ label: '<script>', value: 0.5, lo: 0.4, hi: 0.6 }], { title: 't', unit: 'ratio' }),
    ).not.toContain('<script>');
  });

  it('writes every group, including one with no positives, to the CSV with the reason', () => {
    const split = {
      probs: Float32Array.from([0.9, 0.2, 0.7, 0.3]),
      labels: Float32Array.from([1, 0, 0, 0]),
      groups: Int32Array.from([0, 0, 1, 1]),
    };
    const data = oneAttributeAudit({ name: 'Group', column: 'G' }, ['A, "quoted"', 'B'], split);
    const csv = auditToCsv(
      computeAudit(data, auditRun(), { threshold: 0.5, bootstrap: { resamples: 0, seed: 1, confidence: 0.95 } }),
    );
    expect(csv).toContain('group,test,Group,B,2,tpr,,,,0 positives');
    expect(csv).toContain('"A, ""quoted"""');
  });
});
