import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  AUTO_BACKEND_ORDER,
  GPU_MIN_ROWS_PER_STEP,
  type BackendChoice,
  type ConcreteBackend,
} from '../../../shared/fairness.js';
import { FairboundError } from '../../../shared/errors.js';
import { tf } from './tf.js';

/**
 * The one module that picks the tfjs backend: webgpu, then wasm, then cpu; `tensorflow`
 * (tfjs-node / tfjs-node-gpu) only when asked for by name. 'auto' also weighs the work (see `Workload`). Every backend
 * that was skipped or tried and failed leaves a note, which goes into results.json and the audit.
 */
export interface BackendSelection {
  backend: ConcreteBackend;
  device: string;
  notes: string[];
}

/** What 'auto' weighs: the rows one training step processes (absent for the backend probe, which asks "for large work"). */
export interface Workload {
  rowsPerStep: number;
}

/** Rows of one step for the backend rule: the objective minibatch or a constraint sample's per-group block, the larger. */
export function workloadOf(solver: { batchSize: number; constraintBatchSize?: number | undefined }): Workload {
  return { rowsPerStep: Math.max(solver.batchSize, solver.constraintBatchSize ?? solver.batchSize) };
}

export async function selectBackend(choice: BackendChoice, workload?: Workload): Promise<BackendSelection> {
  // An explicit choice falls back only to the slower backends after it, never up to a GPU nobody asked for.
  let order: readonly ConcreteBackend[] =
    choice === 'auto'
      ? AUTO_BACKEND_ORDER
      : choice === 'tensorflow'
        ? ['tensorflow', ...AUTO_BACKEND_ORDER]
        : AUTO_BACKEND_ORDER.slice(AUTO_BACKEND_ORDER.indexOf(choice));
  const notes: string[] = [];
  if (choice === 'auto' && workload && workload.rowsPerStep < GPU_MIN_ROWS_PER_STEP) {
    order = order.filter((b) => b !== 'webgpu');
    notes.push(
      `webgpu: not tried: auto uses a GPU for steps of ${GPU_MIN_ROWS_PER_STEP.toLocaleString('en')} rows or more, and this ` +
        `step has ${workload.rowsPerStep.toLocaleString('en')}, where wasm is faster (set "backend": "webgpu" to force it)`,
    );
  }
  for (const backend of order) {
    try {
      const device = await initialise(backend, choice === 'auto');
      tf.enableProdMode();
      return { backend, device, notes };
    } catch (error) {
      notes.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new FairboundError('backend-unavailable', `no tfjs backend could be initialised (${notes.join('; ')})`, {
    notes,
  });
}

async function initialise(backend: ConcreteBackend, auto: boolean): Promise<string> {
  switch (backend) {
    case 'tensorflow':
      return initTensorflow();
    case 'webgpu':
      return initWebGpu(auto);
    case 'wasm':
      return initWasm();
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      await activate('cpu');
      return 'JavaScript CPU';
  }
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`backend is ${tf.getBackend()} after selecting ${name}`);
}

async function initWasm(): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The .wasm binaries live beside the package's main file; resolve them from the package, not from cwd.
  const dir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(dir.endsWith('dist') ? `${dir}/` : `${path.join(dir, 'dist')}/`);
  await activate('wasm');
  return `WebAssembly (${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, ${
    tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multi-threaded' : 'single-threaded'
  })`;
}

interface GpuAdapterLike {
  info?: { vendor?: string; device?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/**
 * Dawn (the `webgpu` package) as navigator.gpu, then tfjs-backend-webgpu on it. `auto` refuses a software adapter
 * (SwiftShader, a CPU emulation of a GPU: every step is slower than wasm's); asked for by name, it is used (CI tests
 * the GPU path on it).
 */
async function initWebGpu(auto: boolean): Promise<string> {
  const dawn = (await import('webgpu')) as {
    create: (flags: string[]) => { requestAdapter(): Promise<GpuAdapterLike | null> };
    globals: object;
  };
  const g = globalThis as { navigator?: { gpu?: unknown } };
  // tfjs-backend-webgpu registers itself only if navigator.gpu exists when the module is first imported.
  if (!g.navigator?.gpu) {
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    Object.defineProperty(globalThis, 'navigator', {
      value: { ...(g.navigator ?? {}), gpu },
      configurable: true,
      writable: true,
    });
  }
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<GpuAdapterLike | null> } } })
    .navigator.gpu;
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    const loader =
      process.platform === 'linux' && !hasVulkanLoader()
        ? '; the Vulkan loader libvulkan.so.1 is missing (install libvulkan1)'
        : '';
    throw new Error(`Dawn found no WebGPU adapter (no usable GPU or Vulkan/Metal/D3D12 driver${loader})`);
  }
  const name = adapterName(adapter);
  if (auto && adapter.info?.isFallbackAdapter) {
    throw new Error(
      `the only WebGPU adapter is ${name}, a software (CPU-emulated) GPU that is slower than wasm (set "backend": "webgpu" to use it anyway)`,
    );
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  await activate('webgpu');
  return `WebGPU ${name}`;
}

/** "SwiftShader driver 5.0.0 (google swiftshader, software)", "nvidia-h100-80gb-hbm3 (nvidia hopper)". */
function adapterName(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  const kind = [info.vendor, info.architecture].filter(Boolean).join(' ');
  const details = [kind, info.isFallbackAdapter ? 'software' : ''].filter(Boolean).join(', ');
  return `${info.description || info.device || 'unnamed adapter'}${details ? ` (${details})` : ''}`;
}

/** Dawn reaches GPUs on Linux through the Vulkan loader; its absence is the commonest, fixable reason for no adapter. */
function hasVulkanLoader(): boolean {
  const dirs = [
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
    '/usr/local/lib',
  ];
  return dirs.some((dir) => existsSync(path.join(dir, 'libvulkan.so.1')));
}

/** tfjs-node registers 'tensorflow' and selects it at import time; loaded only by name, never bundled. */
async function initTensorflow(): Promise<string> {
  const candidates = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      await import(/* @vite-ignore */ name);
      await activate('tensorflow');
      return `TensorFlow C library via ${name}`;
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  throw new Error(failures.join('; '));
}
