import type { HtmlTagDescriptor, Plugin } from 'vite';

/**
 * Adds `<link rel="modulepreload">` for the chunk built from `source` (a module the entry imports
 * dynamically) to the built index.html. Vite preloads only an entry's static imports; a dynamic chunk is
 * requested when the entry runs `import()`, i.e. after the entry has been fetched, compiled and evaluated.
 * With the link the browser fetches (and compiles) the chunk beside the entry, and `import()` finds it in
 * the module map. A `modulepreload` written into the source index.html cannot do this: Vite treats its
 * `href` as an asset to copy, not as a module to build (tried in issue 12's third round).
 */
export function preloadChunk(source: string): Plugin {
  let base = './';
  return {
    name: 'beatpass:preload-chunk',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context): HtmlTagDescriptor[] {
        const chunk = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.facadeModuleId === source,
        );
        // A missing chunk means the import was renamed or made static: fail the build rather than ship
        // a page that silently lost its preload.
        if (!chunk) throw new Error(`preloadChunk: no chunk built from ${source}`);
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}
