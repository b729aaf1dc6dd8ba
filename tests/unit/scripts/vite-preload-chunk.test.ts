import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Rolldown } from 'vite';
import { preloadChunk } from '../../../scripts/lib/vite-preload-chunk.ts';

/** A page like the renderer's: an entry that imports a view chunk dynamically. Built in memory. */
let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'preload-chunk-'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./main.js"></script></body></html>',
  );
  writeFileSync(join(root, 'main.js'), "void import('./view.js').then((v) => v.render());\n");
  writeFileSync(join(root, 'view.js'), 'export function render() { document.title = "view"; }\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function builtHtml(source: string): Promise<{ html: string; view: string }> {
  const result = await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'silent',
    plugins: [preloadChunk(source)],
    build: { write: false, minify: false },
  });
  const output = (Array.isArray(result) ? result[0] : result) as Rolldown.RolldownOutput;
  const html = output.output.find((o) => o.type === 'asset' && o.fileName === 'index.html');
  const view = output.output.find((o) => o.type === 'chunk' && o.facadeModuleId === join(root, 'view.js'));
  if (html?.type !== 'asset' || !view) throw new Error('no index.html or view chunk in the build');
  return { html: String(html.source), view: view.fileName };
}

describe('preloadChunk', () => {
  it("puts a modulepreload of the dynamically imported chunk's built file into index.html", async () => {
    const { html, view } = await builtHtml(join(root, 'view.js'));
    expect(view).toMatch(/^assets\/view-.+\.js$/);
    expect(html).toContain(`<link rel="modulepreload" crossorigin href="./${view}">`);
  });

  it('fails the build when no chunk comes from the module (renamed, or imported statically)', async () => {
    await expect(builtHtml(join(root, 'gone.js'))).rejects.toThrow(/no chunk built from .*gone\.js/);
  });
});
