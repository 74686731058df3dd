import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ConcreteBackend } from '../../../shared/fairness.js';
import type { BackendStatus } from '../../../shared/ipc/channels/training.js';
import type { BackendsReport } from './training-deps.js';

/** Same order as the engine's automatic choice (main/core/engine/backend.ts). */
const AUTO_ORDER: ConcreteBackend[] = ['webgpu', 'wasm', 'cpu'];
const PROBE_TIMEOUT_MS = 60_000;

/**
 * Runs the engine's own backend selection ('auto') in a throw-away worker thread, so main never loads tfjs or a
 * GPU driver, and turns its outcome into one line per backend: the winner with its device, the faster ones with
 * the reason they failed, the slower ones as fallbacks. tfjs-node is only reported as installed or not, because
 * loading it is an explicit choice (STYLE rule 15).
 */
export async function probeBackends(): Promise<BackendsReport> {
  const selection = await runProbe();
  const winner = AUTO_ORDER.indexOf(selection.backend);
  const failures = new Map(selection.notes.map((n) => [n.slice(0, n.indexOf(':')), n.slice(n.indexOf(':') + 1).trim()] as const));
  const backends: BackendStatus[] = AUTO_ORDER.map((name, i) => {
    if (name === selection.backend) return { name, available: true, detail: selection.device };
    if (i < winner) return { name, available: false, detail: failures.get(name) ?? 'not available' };
    return { name, available: true, detail: 'fallback (not initialised)' };
  });
  backends.push({ name: 'tensorflow', ...tensorflowStatus() });
  return { backends, auto: selection.backend, notes: selection.notes };
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

function runProbe(): Promise<{ backend: ConcreteBackend; device: string; notes: string[] }> {
  // Under tsx/vitest the entry is TypeScript: a bootstrap registers tsx's loader inside the worker first (Node 20
  // applies a worker's --import only after its entry has loaded).
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./backend-probe-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  // Both hooks: the CJS one also serves tfjs-core's require() of its gradient registrations (see engine/tf.ts).
  const bootstrap = `Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]).then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Promise((resolve, reject) => {
    const worker = typescript
      ? new Worker(bootstrap, { eval: true, stdout: true, stderr: true })
      : new Worker(entry, { stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('backend probe timed out'));
    }, PROBE_TIMEOUT_MS);
    worker.once('message', (m: { ok: true; selection: { backend: ConcreteBackend; device: string; notes: string[] } } | { ok: false; message: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.selection);
      else reject(new Error(m.message));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
