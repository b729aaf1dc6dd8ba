import { describe, expect, it } from 'vitest';
import { neutraliseBidi } from '../../../src-renderer/lib/bidi.ts';
import { conversationTitle, firstName, previewText } from '../../../src-renderer/lib/conversation.ts';
import type { ConversationView } from '../../../src-shared/ipc.ts';

const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

describe('bidi controls', () => {
  it('removes every embedding, override and isolate control, and nothing else', () => {
    for (const c of CONTROLS) expect(neutraliseBidi(`a${c}b`)).toBe('ab');
    expect(neutraliseBidi('Eve \u202Egnp.exe')).toBe('Eve gnp.exe');
    // Right-to-left letters and the marks that are not controls stay.
    expect(neutraliseBidi('שלום \u200F مرحبا')).toBe('שלום \u200F مرحبا');
  });

  it('never reach a title, a first name or a preview', () => {
    const eve = {
      id: 'u-eve',
      username: 'eve',
      displayName: '\u202EEve Mallory',
      role: 'user',
      producerPageId: null,
      producerName: null,
    } as const;
    const conversation = {
      kind: 'direct',
      title: null,
      participants: [eve, { ...eve, id: 'u-me', displayName: 'Me' }],
      lastMessage: { authorId: 'u-eve', body: 'click \u202Egnp.exe now', seq: 1, createdAt: 0 },
      status: 'accepted',
      requesterId: 'u-eve',
    } as unknown as ConversationView;
    const shown = [
      conversationTitle(conversation, 'u-me'),
      firstName(eve.displayName),
      previewText(conversation, 'u-me'),
    ];
    expect(shown).toEqual(['Eve Mallory', 'Eve', 'click gnp.exe now']);
  });
});
