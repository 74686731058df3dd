import { describe, expect, it } from 'vitest';
import { probeBackends } from '../../../../main/core/training/backend-probe.js';

describe('backend probe', () => {
  it("runs the engine's auto selection in a worker and names the winner and why faster ones failed", async () => {
    const report = await probeBackends();
    expect(report.backends.map((b) => b.name)).toEqual(['webgpu', 'wasm', 'cpu', 'tensorflow']);
    const winner = report.backends.find((b) => b.name === report.auto);
    expect(winner?.available).toBe(true);
    expect(winner?.detail.length).toBeGreaterThan(0);
    // Every backend before the winner in the automatic order failed, with its reason from the engine.
    const order = ['webgpu', 'wasm', 'cpu'];
    for (const b of report.backends.filter((x) => order.indexOf(x.name) >= 0 && order.indexOf(x.name) < order.indexOf(report.auto))) {
      expect(b.available).toBe(false);
      expect(report.notes.some((n) => n.startsWith(`${b.name}:`))).toBe(true);
    }
  });
});
