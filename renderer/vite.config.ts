import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The renderer is served from app:// in the shell and from the headless host: relative base, no inline code. */
export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Inline assets would need data: in script/style CSP; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Rolldown's "plugin took n ms" notes are about the build's own speed, not the app: keep the output to real warnings.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
