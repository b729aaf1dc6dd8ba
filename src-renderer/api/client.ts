import type {
  IpcChannel,
  IpcEventName,
  IpcEventPayload,
  IpcPayload,
  IpcResult,
} from '../../src-shared/ipc.ts';
import type { RendererApi } from './api.ts';
import { ApiError } from './api-error.ts';

/** The renderer's one door to main: unwraps responses into results, or throws an `ApiError`. */
export class ApiClient {
  readonly #api: RendererApi;

  constructor(api: RendererApi) {
    this.#api = api;
  }

  async call<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResult<C>> {
    let response;
    try {
      response = await this.#api.invoke(channel, payload);
    } catch (error) {
      throw new ApiError({
        code: 'DISCONNECTED',
        message: error instanceof Error ? error.message : 'The app bridge failed.',
      });
    }
    if (!response.ok) throw new ApiError(response.error);
    return response.result;
  }

  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
    return this.#api.on(event, listener);
  }
}
