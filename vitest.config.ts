import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * Four projects: fast unit/integration tests in plain Node; the renderer's state modules (*.svelte.ts, compiled by the
 * Svelte plugin for the browser, run in Node against a fake transport); the engine on WebGPU (SwiftShader's software
 * adapter, see test/webgpu/swiftshader.ts); and end-to-end tests in Chromium against the headless host.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/webgpu/**', 'test/renderer/**/*.svelte.test.ts', 'node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        // Compiled for the client as in the app: effects ($effect, attachments) run; a server build makes them no-ops.
        plugins: [svelte({ configFile: false, dynamicCompileOptions: () => ({ generate: 'client' }) })],
        // The browser build of Svelte, so runes behave as in the app (the server build does not track state).
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.svelte.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'webgpu',
          include: ['test/webgpu/**/*.test.ts'],
          setupFiles: ['test/webgpu/setup.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // One software GPU: files in turn, so their timings (and the machine) stay sane.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
