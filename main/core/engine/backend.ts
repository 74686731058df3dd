import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AUTO_BACKEND_ORDER, type BackendChoice, type ConcreteBackend } from '../../../shared/fairness.js';
import { tf } from './tf.js';

/**
 * The one module that picks the tfjs backend: webgpu, then wasm, then cpu; `tensorflow`
 * (tfjs-node / tfjs-node-gpu) only when asked for by name. Every backend that was tried and failed leaves a note,
 * which goes into results.json and the audit.
 */
export interface BackendSelection {
  backend: ConcreteBackend;
  device: string;
  notes: string[];
}

export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  // An explicit choice falls back only to the slower backends after it, never up to a GPU nobody asked for.
  const order: readonly ConcreteBackend[] =
    choice === 'auto' ? AUTO_BACKEND_ORDER : choice === 'tensorflow' ? ['tensorflow', ...AUTO_BACKEND_ORDER] : AUTO_BACKEND_ORDER.slice(AUTO_BACKEND_ORDER.indexOf(choice));
  const notes: string[] = [];
  for (const backend of order) {
    try {
      const device = await initialise(backend);
      tf.enableProdMode();
      return { backend, device, notes };
    } catch (error) {
      notes.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no tfjs backend could be initialised (${notes.join('; ')})`);
}

async function initialise(backend: ConcreteBackend): Promise<string> {
  switch (backend) {
    case 'tensorflow':
      return initTensorflow();
    case 'webgpu':
      return initWebGpu();
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
  info?: { vendor?: string; device?: string; architecture?: string; description?: string };
}

async function initWebGpu(): Promise<string> {
  const dawn = (await import('webgpu')) as { create: (flags: string[]) => { requestAdapter(): Promise<GpuAdapterLike | null> }; globals: object };
  const g = globalThis as { navigator?: { gpu?: unknown } };
  // tfjs-backend-webgpu registers itself only if navigator.gpu exists when the module is first imported.
  if (!g.navigator?.gpu) {
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu }, configurable: true, writable: true });
  }
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<GpuAdapterLike | null> } } }).navigator.gpu;
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    const loader = process.platform === 'linux' && !hasVulkanLoader() ? '; the Vulkan loader libvulkan.so.1 is missing (install libvulkan1)' : '';
    throw new Error(`Dawn found no WebGPU adapter (no usable GPU or Vulkan/Metal/D3D12 driver${loader})`);
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  await activate('webgpu');
  const info = adapter.info ?? {};
  return `WebGPU ${[info.vendor, info.device || info.description, info.architecture].filter(Boolean).join(' ')}`.trim();
}

/** Dawn reaches GPUs on Linux through the Vulkan loader; its absence is the commonest, fixable reason for no adapter. */
function hasVulkanLoader(): boolean {
  const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/usr/local/lib'];
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
