import { describe, expect, it } from 'vitest';
import { ServerAddress, normalizeServerUrl } from '../../../../src-main/core/connection/server-address.ts';
import { AppError } from '../../../../src-shared/errors.ts';

describe('server address', () => {
  it('normalises what people type into an http(s) base without a trailing slash', () => {
    expect(normalizeServerUrl('127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(normalizeServerUrl(' https://chat.example.com/ ')).toBe('https://chat.example.com');
    expect(normalizeServerUrl('https://example.com/beatpass/')).toBe('https://example.com/beatpass');
  });

  it.each(['ftp://example.com', 'https://user:pw@example.com', 'https://example.com/?x=1', 'http://'])(
    'refuses %s with VALIDATION_FAILED',
    (input) => {
      expect(() => normalizeServerUrl(input)).toThrow(AppError);
      try {
        normalizeServerUrl(input);
      } catch (error) {
        expect((error as AppError).code).toBe('VALIDATION_FAILED');
      }
    },
  );

  it('derives the WebSocket address, keeping a path prefix and using wss for https', () => {
    expect(new ServerAddress('http://127.0.0.1:8787').wsUrl).toBe('ws://127.0.0.1:8787/api/v1/ws');
    expect(new ServerAddress('http://x', 'https://chat.example.com/bp').wsUrl).toBe(
      'wss://chat.example.com/bp/api/v1/ws',
    );
  });

  it('falls back to the default when the choice is cleared', () => {
    const address = new ServerAddress('http://127.0.0.1:8787', 'https://chat.example.com');
    expect(address.isDefault).toBe(false);
    address.set(null);
    expect(address.url).toBe('http://127.0.0.1:8787');
    expect(address.isDefault).toBe(true);
  });
});
