import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../src-shared/domain.ts';
import { authResultSchema } from '../../../../src-shared/protocol.ts';
import type { ServerFrame } from '../../../../src-shared/protocol.ts';
import { DEMO_ACCOUNTS } from '../../../../src-server/demo/accounts.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { TestClient, postJson, signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer({ args: ['--demo', '--demo-reply-delay-ms', '50'] });
});
afterAll(async () => {
  await server.cleanup();
});

async function signIn(username: string, password: string): Promise<TestClient> {
  const { status, json } = await postJson(server.url, '/auth/signin', { username, password });
  if (status !== 200) throw new Error(`sign-in as ${username} failed: ${status} ${JSON.stringify(json)}`);
  const client = new TestClient(server.url, authResultSchema.parse(json));
  await client.connect();
  return client;
}

const signInDemo = () => signIn('demo', 'demo-password');
/** The demo producer's user id, from the demo user's conversation with her. */
async function demoProducerId(demo: TestClient): Promise<string> {
  const { conversations } = await demo.request('conversations.list', {});
  const id = conversations.find(withUser('nova'))?.participants.find((p) => p.username === 'nova')?.id;
  if (!id) throw new Error('no conversation with the demo producer');
  return id;
}

const withUser = (username: string) => (c: Conversation) =>
  c.kind === 'direct' && c.participants.some((p) => p.username === username);

describe('demo data (--demo)', () => {
  it('gives the demo user a lived-in list: team chat, group, a pending request, unread history', async () => {
    const demo = await signInDemo();
    const { conversations } = await demo.request('conversations.list', {});

    const team = conversations.find((c) => c.kind === 'team');
    expect(team).toMatchObject({ title: 'Late Night Sessions', disabledReason: null, unreadCount: 3 });
    expect(team?.participants.map((p) => p.username).sort()).toEqual(['demo', 'kaito', 'lena']);
    expect(conversations.find((c) => c.kind === 'group')).toMatchObject({
      title: 'Sample Swap',
      unreadCount: 5,
    });

    const request = conversations.find(withUser('rico'));
    expect(request).toMatchObject({ status: 'pending', unreadCount: 1, lastSeq: 1 });
    expect(request?.requesterId).toBe(request?.participants.find((p) => p.username === 'rico')?.id);

    const nova = conversations.find(withUser('nova'));
    expect(nova?.participants.find((p) => p.username === 'nova')).toMatchObject({
      role: 'producer',
      producerName: 'Nova Waves',
    });

    // A few hundred messages, newest activity first, every summary consistent with its history.
    const total = conversations.reduce((sum, c) => sum + c.lastSeq, 0);
    expect(total).toBeGreaterThan(250);
    const times = conversations.map((c) => c.lastActivityAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const c of conversations) expect(c.lastMessage?.seq).toBe(c.lastSeq);

    const { notifications } = await demo.request('notifications.list', {});
    expect(notifications.map((n) => n.data.kind)).toEqual(
      expect.arrayContaining(['playlist_invite', 'message_request', 'new_follower']),
    );
    await demo.close();
  });

  it('signs in every documented account, with the documented roles', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const client = await signIn(account.username, account.password);
      const expected =
        account.username === 'nova' || account.username === 'kaito' ? 'producer' : account.role;
      expect(client.auth.me.role).toBe(expected);
      await client.close();
    }
    const mod = await signIn('mod', 'mod-password');
    const { reports } = await mod.request('moderation.reports', {});
    expect(reports.length).toBeGreaterThan(0);
    await mod.close();
  });

  it('the demo producer answers a direct message: typing, delivered, seen, then a reply', async () => {
    const demo = await signInDemo();
    const { conversations } = await demo.request('conversations.list', {});
    const conversation = conversations.find(withUser('nova'));
    if (!conversation) throw new Error('no conversation with the demo producer');
    const novaId = await demoProducerId(demo);

    const from = demo.frames.length;
    const { message } = await demo.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'demo-test-0001',
      body: 'hey Nova, any tips for pads?',
    });
    const isReceipt = (f: ServerFrame, key: 'othersDeliveredSeq' | 'othersReadSeq') =>
      f.type === 'event' &&
      f.event.type === 'receipts.updated' &&
      f.event.conversationId === conversation.id &&
      f.event[key] >= message.seq;
    const reply = await demo.waitForEvent('message.created', (e) => e.message.authorId === novaId, from);
    expect(reply.message.body).toMatch(/pads/i);

    const index = (test: (f: ServerFrame) => boolean) =>
      demo.frames.findIndex((f, i) => i >= from && test(f));
    const typing = index((f) => f.type === 'ephemeral' && f.event.userId === novaId && f.event.typing);
    const delivered = index((f) => isReceipt(f, 'othersDeliveredSeq'));
    const seen = index((f) => isReceipt(f, 'othersReadSeq'));
    const replied = index(
      (f) =>
        f.type === 'event' && f.event.type === 'message.created' && f.event.message.id === reply.message.id,
    );
    expect(typing).toBeGreaterThan(-1);
    expect([typing < delivered, delivered < seen, seen < replied]).toEqual([true, true, true]);
    await demo.close();
  });

  it('the demo producer accepts a message request before answering it', async () => {
    const demo = await signInDemo();
    const novaId = await demoProducerId(demo);
    await demo.close();

    const fan = await signUpClient(server.url, 'fan');
    const { conversation } = await fan.request('conversations.startDirect', { userId: novaId });
    expect(conversation.status).toBe('pending');
    await fan.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'fan-request-1',
      body: 'hi! would you collab?',
    });
    await fan.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversation.id && e.conversation.status === 'accepted',
    );
    const reply = await fan.waitForEvent('message.created', (e) => e.message.authorId === novaId);
    expect(reply.message.body).toMatch(/collab/i);
    await fan.close();
  });

  it('seeds only once: a restart keeps the same demo world', async () => {
    const before = await signInDemo();
    const first = (await before.request('conversations.list', {})).conversations.map((c) => c.id).sort();
    await before.close();
    await server.restart();
    const after = await signInDemo();
    const second = (await after.request('conversations.list', {})).conversations.map((c) => c.id).sort();
    expect(second).toEqual(first);
    await after.close();
  });
});
