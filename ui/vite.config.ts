/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is built into ui/dist and embedded in the app; nothing is loaded from the
// network at run time.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // Keep CSS in a file: the CSP allows styles from 'self' only.
    cssCodeSplit: false,
    // The views not on the first screen are chunks of their own (loaded on the first visit);
    // everything the first screen needs stays in one script with the entry, rather than in
    // a handful of small shared chunks the page would fetch one by one before it runs.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } },
    },
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    // A whole form driven by userEvent takes 1-3 s; on 2 busy cores, over the default 5 s.
    testTimeout: 20_000,
  },
});
