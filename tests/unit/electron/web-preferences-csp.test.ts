import { describe, expect, it } from 'vitest';
import { rendererAsset, rendererCsp } from '../../../src-shared/bridge.ts';
import { mainWindowWebPreferences } from '../../../src-main/electron/window/web-preferences.ts';
import { safeExternalUrl } from '../../../src-main/electron/window/external-links.ts';

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );

describe('main window webPreferences', () => {
  it('is the locked-down literal: isolation, sandbox, no Node, web security', () => {
    expect(mainWindowWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      backgroundThrottling: true,
    });
  });

  it('loads a CommonJS preload (a sandboxed preload cannot be an ES module)', () => {
    expect(mainWindowWebPreferences('/x/index.cjs').preload?.endsWith('.cjs')).toBe(true);
  });
});

describe('renderer Content-Security-Policy', () => {
  it('allows only our own code and no remote content in the desktop app', () => {
    const csp = directives(rendererCsp());
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'none'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    for (const name of [
      'object-src',
      'frame-src',
      'worker-src',
      'base-uri',
      'form-action',
      'frame-ancestors',
    ]) {
      expect(csp[name]).toEqual(["'none'"]);
    }
    expect(rendererCsp()).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
  });

  it('lets the browser page reach only its own host WebSocket', () => {
    const csp = directives(rendererCsp({ connect: ['ws://127.0.0.1:4321'] }));
    expect(csp['connect-src']).toEqual(['ws://127.0.0.1:4321']);
    expect(csp['script-src']).toEqual(["'self'"]);
  });

  it('relaxes only in dev mode, for Vite HMR', () => {
    expect(rendererCsp({ dev: true })).toContain("'unsafe-inline'");
    expect(rendererCsp({ dev: false })).not.toContain("'unsafe-inline'");
  });
});

describe('renderer files both hosts serve', () => {
  it('maps / to index.html and keeps to the build folder', () => {
    expect(rendererAsset('/')).toEqual({ path: 'index.html', contentType: 'text/html; charset=utf-8' });
    expect(rendererAsset('/assets/index-abc.js')).toEqual({
      path: 'assets/index-abc.js',
      contentType: 'text/javascript; charset=utf-8',
    });
    for (const bad of [
      '/../package.json',
      '/assets/../../x.js',
      '/%2e%2e/x.js',
      '/a%5c..%5cb.js',
      '/a//b.js',
      '/x.ts',
      '/x.constructor',
      '/%E0%A4%A',
    ]) {
      expect(rendererAsset(bad), bad).toBeNull();
    }
  });
});

describe('external links', () => {
  it('opens only http(s) URLs with a host and no credentials', () => {
    expect(safeExternalUrl('https://beatpass.example/p/dana')).toBe('https://beatpass.example/p/dana');
    expect(safeExternalUrl('http://example.com')).toBe('http://example.com/');
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://beatpass/index.html',
      'beatpass://messages',
      'smb://host/share',
      'https://user:pw@example.com/',
      'not a url',
      `https://example.com/${'a'.repeat(3000)}`,
    ]) {
      expect(safeExternalUrl(bad), bad).toBeNull();
    }
  });
});
