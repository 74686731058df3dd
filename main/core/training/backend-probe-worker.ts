import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../engine/backend.js';

/** Worker entry of the backend probe: runs the engine's 'auto' selection once and reports it (never prints). */
selectBackend('auto').then(
  (selection) => parentPort?.postMessage({ ok: true, selection }),
  (error: unknown) => parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
