import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { preloadChunk } from './scripts/lib/vite-preload-chunk.ts';

/**
 * Three builds (electron-vite layout), all without the Electron binary:
 * - main (`src-main/electron/main.ts`) → `out/main/index.js`, ES module (Electron ≥ 28 loads ESM main);
 *   runtime dependencies (better-sqlite3 with its native addon, ws, zod, electron-store…) stay external
 *   and are loaded from node_modules.
 * - preload (`src-preload/index.ts`) → ONE CommonJS file `out/preload/index.cjs`: a sandboxed preload
 *   can neither be an ES module nor require other files, so everything it imports is bundled in.
 * - renderer (`src-renderer/index.html` + `main.tsx`, owned by the renderer) → `out/renderer`, served
 *   by the `app://` protocol in Electron and by the headless host in a browser.
 */
const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      lib: { entry: { index: resolve(root, 'src-main/electron/main.ts') }, formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle everything: the sandbox gives the preload no `require` for our own files or node_modules.
      externalizeDeps: false,
      lib: {
        entry: { index: resolve(root, 'src-preload/index.ts') },
        formats: ['cjs'],
        fileName: () => 'index.cjs',
      },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    // The view chunk (React and the components) is fetched beside the entry, not after it has run.
    plugins: [react(), preloadChunk(resolve(root, 'src-renderer/view.tsx'))],
    server: { fs: { allow: [root] } },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // Smaller and faster to parse at every window open; main and preload stay readable for stack traces.
      minify: true,
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
