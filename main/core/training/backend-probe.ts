import { createRequire } from 'node:module';
import { AUTO_BACKEND_ORDER, GPU_MIN_ROWS_PER_STEP } from '../../../shared/fairness.js';
import type { BackendStatus } from '../../../shared/ipc/channels/training.js';
import type { ProcessEngineHost } from '../engine/engine-host.js';
import type { BackendsReport } from './training-deps.js';

/**
 * Runs the engine's own backend selection ('auto', for large work, so a GPU is tried and its adapter named) in a
 * throw-away process of the engine host, so main never loads tfjs or a GPU driver (whose crash would take the app
 * down), and turns its outcome into one line per backend: the winner with its device, the faster ones with the reason
 * they failed, the slower ones as fallbacks. tfjs-node is only reported as installed or not, because loading it is an
 * explicit choice.
 */
export async function probeBackends(engine: Pick<ProcessEngineHost, 'probe'>): Promise<BackendsReport> {
  const selection = await engine.probe();
  const winner = AUTO_BACKEND_ORDER.indexOf(selection.backend);
  const failures = new Map(
    selection.notes.map((n) => [n.slice(0, n.indexOf(':')), n.slice(n.indexOf(':') + 1).trim()] as const),
  );
  const backends: BackendStatus[] = AUTO_BACKEND_ORDER.map((name, i) => {
    if (name === selection.backend) return { name, available: true, detail: selection.device };
    if (i < winner) return { name, available: false, detail: failures.get(name) ?? 'not available' };
    return { name, available: true, detail: 'fallback (not initialised)' };
  });
  backends.push({ name: 'tensorflow', ...tensorflowStatus() });
  const rule =
    selection.backend === 'webgpu'
      ? [
          `auto uses wasm for steps under ${GPU_MIN_ROWS_PER_STEP.toLocaleString('en')} rows (the paper's batches) and ${selection.device} from there`,
        ]
      : [];
  return { backends, auto: selection.backend, notes: [...selection.notes, ...rule] };
}

function tensorflowStatus(): { available: boolean; detail: string } {
  const require = createRequire(import.meta.url);
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      require.resolve(name);
      return { available: true, detail: `${name} installed (used only when chosen by name)` };
    } catch {
      // not installed; try the next
    }
  }
  return { available: false, detail: 'tfjs-node(-gpu) is not installed' };
}
