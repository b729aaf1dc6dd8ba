import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../../scripts/build-app.ts';
import { build } from 'vite';
import type { Plugin } from 'vite';

const root = join(import.meta.dirname, '..', '..');
const rendererOut = join(root, 'out', 'renderer');

export interface JsSize {
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

const gzipped = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds main, preload and renderer (`electron-vite build`, as `npm run build` and the e2e set-up do) when
 * out/renderer is missing or older than src-renderer or src-shared, so the bench measures this checkout.
 * Returns whether it built.
 */
export function ensureRendererBuilt(log: (line: string) => void): boolean {
  const index = join(rendererOut, 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src-renderer')), newestMtime(join(root, 'src-shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return false;
  log('renderer: out/renderer is missing or older than its sources; running electron-vite build');
  if (buildApp({ quiet: true }) !== 0) throw new Error('electron-vite build failed');
  return true;
}

/** Every JavaScript file the built renderer loads (out/renderer/assets/*.js), each gzipped at level 9. */
export function rendererJsSize(): JsSize {
  const assets = join(rendererOut, 'assets');
  const files = readdirSync(assets).filter((name) => name.endsWith('.js'));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const name of files) {
    const code = readFileSync(join(assets, name));
    rawBytes += code.length;
    gzipBytes += gzipped(code);
  }
  return { files: files.length, rawBytes, gzipBytes };
}

const HELLO = `
import { StrictMode, createElement } from 'react';
import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')).render(createElement(StrictMode, null, createElement('h1', null, 'Hello')));
`;

/**
 * The baseline: a minimal React 19 "hello" (react + react-dom/client, one element) built now with the same
 * vite, minified, in memory. It is the floor any React renderer pays before its first line of app code.
 */
export async function helloJsSize(): Promise<JsSize> {
  const hello: Plugin = {
    name: 'bench-hello',
    resolveId: (id) => (id === 'virtual:hello' ? '\0virtual:hello' : null),
    load: (id) => (id === '\0virtual:hello' ? HELLO : null),
  };
  const output = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    mode: 'production',
    plugins: [hello],
    build: { write: false, minify: true, modulePreload: false, rolldownOptions: { input: 'virtual:hello' } },
  });
  const outputs = Array.isArray(output) ? output : [output];
  let files = 0;
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const result of outputs) {
    if (!('output' in result)) throw new Error('vite build returned a watcher');
    for (const chunk of result.output) {
      if (chunk.type !== 'chunk') continue;
      files += 1;
      rawBytes += Buffer.byteLength(chunk.code);
      gzipBytes += gzipped(chunk.code);
    }
  }
  return { files, rawBytes, gzipBytes };
}
