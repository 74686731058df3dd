import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FairboundError } from '../../../../shared/errors.js';
import { probeBackends } from '../../../../main/core/training/backend-probe.js';
import { createProcessEngineHost, type ProcessHostOptions } from '../../../../main/worker/process-host.js';
import { isAlive, recordingLaunch } from '../../../helpers/training-processes.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../worker/fixtures/${name}`, import.meta.url));

function host(options: ProcessHostOptions = {}) {
  const { launch, launched } = recordingLaunch();
  return { engine: createProcessEngineHost({ launch, ...options }), launched };
}

describe('backend probe (in a process of its own)', () => {
  it("runs the engine's auto selection in a child process and names the winner and why faster ones failed", async () => {
    const { engine, launched } = host();
    const report = await probeBackends(engine);
    expect(report.backends.map((b) => b.name)).toEqual(['webgpu', 'wasm', 'cpu', 'tensorflow']);
    const winner = report.backends.find((b) => b.name === report.auto);
    expect(winner?.available).toBe(true);
    expect(winner?.detail.length).toBeGreaterThan(0);
    // wasm and cpu work wherever Node does: the winner or a fallback after it.
    expect(report.backends.filter((b) => b.name === 'wasm' || b.name === 'cpu').map((b) => b.available)).toEqual([
      true,
      true,
    ]);
    // Without a usable GPU (as on CI) webgpu fails, and the report carries the engine's reason.
    const webgpu = report.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu.available).toBe(report.auto === 'webgpu');
    if (!webgpu.available) {
      expect(report.notes).toContain(`webgpu: ${webgpu.detail}`);
      expect(webgpu.detail).not.toBe('not available');
    }
    // It ran in a separate process, which left on the host's request once it had reported.
    expect(launched).toHaveLength(1);
    expect(launched[0]!.process.pid).not.toBe(process.pid);
    expect(await launched[0]!.exited).toEqual({ code: 0, signal: null });
  });

  it('a probe process killed with SIGKILL (as a crashing GPU driver would end it) fails with a clear reason; the host probes again', async () => {
    const { engine, launched } = host();
    const probing = engine.probe();
    const pid = launched[0]!.process.pid!;
    process.kill(pid, 'SIGKILL');
    const error = await probing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FairboundError);
    expect((error as FairboundError).code).toBe('backend-unavailable');
    expect((error as FairboundError).message).toMatch(
      /The backend probe process stopped unexpectedly before the probe finished \(signal SIGKILL\); the app itself was not affected/,
    );
    expect(isAlive(pid)).toBe(false);

    const again = await probeBackends(engine);
    expect(again.backends.find((b) => b.name === again.auto)?.available).toBe(true);
    expect(launched).toHaveLength(2);
    await engine.dispose();
  });

  it('a probe process that exits early fails with its exit code and the end of its output', async () => {
    const { engine } = host({ entry: fixture('exiting-entry.ts') });
    await expect(engine.probe()).rejects.toThrow(
      /backend probe process stopped unexpectedly before the probe finished \(exit code 3\).*Last output: native backend: device lost/,
    );
    await engine.dispose();
  });

  it('kills a probe that does not report in time (a GPU driver hanging while initialising)', async () => {
    const { engine, launched } = host({ entry: fixture('stuck-entry.ts'), probeTimeoutMs: 300 });
    await expect(engine.probe()).rejects.toThrow(
      /The backend probe process was ended: it did not finish within 0.3 s \(signal SIGKILL\)/,
    );
    expect(isAlive(launched[0]!.process.pid!)).toBe(false);
    await engine.dispose();
  });

  it('dispose ends a probe still running', async () => {
    const { engine, launched } = host({ entry: fixture('stuck-entry.ts') });
    const probing = engine.probe();
    await engine.dispose();
    expect(isAlive(launched[0]!.process.pid!)).toBe(false);
    await expect(probing).rejects.toThrow(
      /backend probe process was ended because the engine host is shutting down \(signal SIGKILL\)/,
    );
  });
});
