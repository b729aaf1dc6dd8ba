import { IPC_REQUESTS, isIpcChannel } from '../../src-shared/ipc.ts';
import type {
  IpcChannel,
  IpcParsedPayload,
  IpcResponse,
  IpcResult,
  PassThroughChannel,
} from '../../src-shared/ipc.ts';
import type { z } from 'zod';
import { IPC_PAYLOAD_MAX_BYTES } from '../../src-shared/ipc.ts';
import type { Core } from './core.ts';
import { AppError } from '../../src-shared/errors.ts';
import { toIpcError, validationFailed } from './errors.ts';

type Handler<C extends IpcChannel> = (payload: IpcParsedPayload<C>) => IpcResult<C> | Promise<IpcResult<C>>;
type OwnChannel = Exclude<IpcChannel, PassThroughChannel>;
type Handlers = { [C in OwnChannel]: Handler<C> };

const ok = { ok: true } as const;

function handlersFor(core: Core): Handlers {
  const { account, conversations } = core;
  return {
    'session.get': () => ({ me: core.me }),
    'session.signIn': async (body) => ({ me: await account.signIn(body) }),
    'session.signUp': async (body) => ({ me: await account.signUp(body) }),
    'session.signOut': async () => {
      await account.signOut();
      return ok;
    },
    'connection.get': () => core.connectionState(),
    'server.get': () => account.serverInfo(),
    'server.set': ({ url, allowInsecure }) => account.setServer(url, allowInsecure ?? false),
    'connection.retry': () => {
      core.online();
      return core.connectionState();
    },

    'conversations.list': ({ limit, before }) =>
      limit === undefined && before === undefined
        ? { conversations: conversations.list() }
        : conversations.page(limit, before),
    'conversations.open': ({ conversationId }) => conversations.open(conversationId),
    'conversations.history': ({ conversationId, beforeSeq }) =>
      conversations.history(conversationId, beforeSeq),
    'conversations.setActive': ({ conversationId }) => {
      core.setActiveConversation(conversationId);
      return ok;
    },
    'conversations.markRead': async ({ conversationId }) => ({
      conversation: await conversations.markRead(conversationId),
    }),
    'conversations.markUnread': async ({ conversationId }) => ({
      conversation: await conversations.markUnread(conversationId),
    }),
    'conversations.markAllRead': async () => ({ marked: await conversations.markAllRead() }),
    'conversations.hide': async ({ conversationId }) => {
      await conversations.hide(conversationId);
      return ok;
    },
    'conversations.accept': async ({ conversationId }) => ({
      conversation: await conversations.accept(conversationId),
    }),
    'conversations.decline': async ({ conversationId }) => {
      await conversations.decline(conversationId);
      return ok;
    },
    'conversations.leave': async ({ conversationId }) => {
      await conversations.leave(conversationId);
      return ok;
    },
    'conversations.startDirect': async ({ userId }) => ({
      conversation: await conversations.startDirect(userId),
    }),
    'conversations.createGroup': async ({ userIds, title }) => ({
      conversation: await conversations.createGroup(userIds, title),
    }),
    'conversations.mute': ({ conversationId, duration }) => ({
      conversation: conversations.mute(conversationId, duration),
    }),

    'messages.send': ({ conversationId, body }) => ({ message: conversations.send(conversationId, body) }),
    'messages.retry': ({ clientId }) => ({ message: conversations.retry(clientId) }),
    'messages.discard': ({ clientId }) => ({ ok: true, discarded: conversations.discard(clientId) }),
    'messages.restore': ({ clientId }) => ({ message: conversations.restore(clientId) }),
    'messages.search': ({ query, conversationId, limit }) => ({
      messages: conversations.search(query, conversationId, limit),
    }),
    'typing.set': async ({ conversationId, typing }) => {
      await conversations.setTyping(conversationId, typing);
      return ok;
    },
    'drafts.get': ({ conversationId }) => ({ body: core.cache.drafts.get(conversationId) }),
    'drafts.set': ({ conversationId, body }) => {
      core.cache.drafts.set(conversationId, body, core.clock.now());
      return ok;
    },

    'settings.get': () => core.settings.get(),
    'settings.set': (patch) => core.settings.update(patch),
    'settings.doNotDisturb': (choice) => core.settings.setDoNotDisturb(choice),
    'badge.get': () => ({ count: core.badgeCount() }),

    'webNotification.click': ({ tag }) => {
      core.notificationClicked(tag);
      return ok;
    },
    'window.focus': ({ focused }) => {
      core.pageFocusChanged(focused);
      return ok;
    },
  };
}

/** The payload's size as JSON, or null when it is not plain data (cannot be serialised). */
function payloadBytes(payload: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(payload ?? {}), 'utf8');
  } catch {
    return null;
  }
}

/** A schema failure as its error: a field over its cap is PAYLOAD_TOO_LARGE, anything else VALIDATION_FAILED. */
function invalidPayload(error: z.ZodError, channel: string): AppError {
  const failure = validationFailed(error, `${channel} payload`);
  if (!error.issues.some((issue) => issue.code === 'too_big')) return failure;
  return new AppError('PAYLOAD_TOO_LARGE', failure.message, failure.issues ? { issues: failure.issues } : {});
}

export interface Router {
  /**
   * Serves one request of the IPC contract. Never throws: an unknown channel, a payload over its size cap
   * (PAYLOAD_TOO_LARGE), one that fails its schema (VALIDATION_FAILED) or a failing command all come back
   * as `{ ok: false, error }`. A failure that is not an `AppError` is a bug: it is also reported to the
   * core's unexpected errors. The caller (ipcMain adapter, headless host) checks who sent it; the router
   * checks what was sent.
   */
  handle(channel: string, payload: unknown): Promise<IpcResponse>;
}

export function createRouter(core: Core): Router {
  const own = handlersFor(core);
  const call = async (channel: IpcChannel, payload: unknown): Promise<unknown> => {
    const spec = IPC_REQUESTS[channel];
    if ('op' in spec) return core.connection.request(spec.op, payload as never);
    const handler = own[channel as OwnChannel] as (payload: unknown) => unknown;
    return handler(payload);
  };
  return {
    async handle(channel, payload) {
      try {
        if (!isIpcChannel(channel))
          throw new AppError('UNKNOWN_CHANNEL', `There is no IPC channel "${channel.slice(0, 100)}".`);
        const bytes = payloadBytes(payload);
        if (bytes === null)
          throw new AppError('VALIDATION_FAILED', `The ${channel} payload is not plain data.`);
        if (bytes > IPC_PAYLOAD_MAX_BYTES)
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `The ${channel} payload is ${bytes} bytes; the limit is ${IPC_PAYLOAD_MAX_BYTES}.`,
          );
        const parsed = IPC_REQUESTS[channel].payload.safeParse(payload ?? {});
        if (!parsed.success) throw invalidPayload(parsed.error, channel);
        const result = await call(channel, parsed.data);
        return { ok: true, result } as IpcResponse;
      } catch (error) {
        if (!(error instanceof AppError)) core.unexpected.report(`IPC ${channel.slice(0, 100)}`, error);
        return { ok: false, error: toIpcError(error) };
      }
    },
  };
}
