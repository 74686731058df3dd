import { tf } from './tf.js';

/**
 * Counts what the active tfjs-webgpu backend asks of the GPU: compute dispatches (one per program run), queue
 * submissions, and GPU→CPU reads (a buffer mapped for reading, asynchronously or not). The bench prints these per
 * training step, and the webgpu tests require zero reads in a steady-state step. Wraps the backend instance's own
 * methods for the lifetime of the counter; other backends have no GPU and get no counter.
 */
export interface DeviceCounts {
  dispatches: number;
  submits: number;
  readbacks: number;
}

export interface DeviceCounter {
  readonly counts: DeviceCounts;
  reset(): void;
  /** GPU buffers in use (tensors' storage and pending uniforms): a steady step must leave this unchanged. */
  buffersInUse(): number;
  stop(): void;
}

/** The tfjs-webgpu backend methods wrapped here (tfjs-backend-webgpu 4.22). */
interface WebGpuBackendLike {
  runWebGPUProgram(...args: unknown[]): unknown;
  submitQueue(...args: unknown[]): unknown;
  getBufferData(...args: unknown[]): unknown;
  readSync(...args: unknown[]): unknown;
  tensorMap: { get(dataId: unknown): { values?: unknown } | undefined };
  bufferManager: { getNumUsedBuffers(): number };
}

type Wrapped = 'runWebGPUProgram' | 'submitQueue' | 'getBufferData' | 'readSync';

export function countDeviceWork(): DeviceCounter | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const counts: DeviceCounts = { dispatches: 0, submits: 0, readbacks: 0 };
  const originals = new Map<Wrapped, (...args: unknown[]) => unknown>();
  const wrap = (method: Wrapped, count: (args: unknown[]) => void): void => {
    const original = backend[method];
    originals.set(method, original);
    backend[method] = function (this: WebGpuBackendLike, ...args: unknown[]) {
      count(args);
      return original.apply(this, args);
    };
  };
  wrap('runWebGPUProgram', () => counts.dispatches++);
  wrap('submitQueue', () => counts.submits++);
  wrap('getBufferData', () => counts.readbacks++);
  // readSync returns cached values without touching the GPU; it reads (and, in Node, fails) only otherwise.
  wrap('readSync', ([dataId]) => {
    if (backend.tensorMap.get(dataId)?.values == null) counts.readbacks++;
  });
  return {
    counts,
    reset() {
      counts.dispatches = counts.submits = counts.readbacks = 0;
    },
    buffersInUse: () => backend.bufferManager.getNumUsedBuffers(),
    stop() {
      for (const [method, original] of originals) backend[method] = original;
    },
  };
}
