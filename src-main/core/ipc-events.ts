import { EventEmitter } from 'node:events';
import type { IpcEventName, IpcEventPayload } from '../../src-shared/ipc.ts';

export type IpcEventListener = <E extends IpcEventName>(name: E, payload: IpcEventPayload<E>) => void;

/** The events main pushes to the UI (see IPC_EVENTS). Transports subscribe and forward them. */
export class IpcEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  push<E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void {
    this.#emitter.emit('event', name, payload);
  }

  subscribe(listener: IpcEventListener): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  /** Resolves with the next event of this name that matches (for tests). */
  next<E extends IpcEventName>(
    name: E,
    predicate: (payload: IpcEventPayload<E>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<IpcEventPayload<E>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for IPC event "${name}"`));
      }, timeoutMs);
      const listener = (eventName: IpcEventName, payload: unknown) => {
        if (eventName !== name || !predicate(payload as IpcEventPayload<E>)) return;
        clearTimeout(timer);
        off();
        resolve(payload as IpcEventPayload<E>);
      };
      this.#emitter.on('event', listener);
      const off = () => this.#emitter.off('event', listener);
    });
  }
}
