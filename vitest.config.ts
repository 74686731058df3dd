import { defineConfig } from 'vitest/config';

/**
 * Three projects: fast unit/integration tests in plain Node, the engine on WebGPU (SwiftShader's software adapter, see
 * test/webgpu/swiftshader.ts), and end-to-end tests in Chromium against the headless host.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/webgpu/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
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
