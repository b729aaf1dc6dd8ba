import { safeStorage } from 'electron';
import type { Encryptor } from './encrypted-session-store.ts';

/** `safeStorage` as an `Encryptor`. On Linux the `basic_text` backend is a fixed key: treated as unavailable. */
export function safeStorageEncryptor(platform: NodeJS.Platform): Encryptor {
  return {
    available: async () => {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
      return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
    },
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
  };
}
