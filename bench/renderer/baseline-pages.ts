import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message } from '../../src-shared/domain.ts';
import type { Plan, PlanConversation } from './plan.ts';

/**
 * The baselines: plain static HTML with the same rows and no framework, no bridge and no virtualization,
 * served from memory by a bare HTTP server on 127.0.0.1 and opened in the same Chromium.
 * - `/list.html`: all 5,000 conversation rows (title, preview, time; 72 px each, as the app's), a
 *   conversation pane, and the newest 100 messages of the conversations the bench opens as JSON in the
 *   page; clicking a row writes those 100 messages into the pane with innerHTML.
 * - `/history.html`: the 10,000 messages of the big conversation, all in the DOM, with day separators.
 */
export interface BaselinePages {
  origin: string;
  close(): Promise<void>;
}

const esc = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const day = (ms: number) => new Date(ms).toDateString();
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const STYLE = `
  html, body { margin: 0; height: 100%; background: #111318; color: #e6e8ee; font: 15px/1.45 system-ui, sans-serif; }
  .app { display: flex; height: 100%; }
  [role=listbox] { width: 340px; height: 100%; overflow: auto; border-right: 1px solid #2a2e38; }
  [role=option] { display: flex; gap: 11px; align-items: center; height: 72px; padding: 0 10px; box-sizing: border-box; cursor: pointer; }
  [role=option] i { flex: none; width: 40px; height: 40px; border-radius: 50%; background: #3a4a6b; display: grid; place-items: center; font-style: normal; }
  [role=option] div { flex: 1; min-width: 0; }
  [role=option] b, [role=option] span { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  [role=option] span { color: #a3a9b8; font-size: 14px; }
  main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
  [role=log] { flex: 1; overflow: auto; padding: 16px 0 8px; }
  .day { text-align: center; color: #a3a9b8; font-size: 13px; margin: 16px 0 8px; }
  .msg { padding: 1px 12px; }
  .msg b { margin-right: 8px; } .msg time { color: #a3a9b8; font-size: 12px; }
  .msg p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }`;

function messagesHtml(messages: readonly Message[], names: ReadonlyMap<string, string>): string {
  let previousDay = '';
  let html = '';
  for (const m of messages) {
    const d = day(m.createdAt);
    if (d !== previousDay) html += `<div class="day" role="separator">${d}</div>`;
    previousDay = d;
    html += `<div class="msg" data-testid="message" data-key="${m.clientId}"><b>${esc(names.get(m.authorId) ?? '')}</b><time>${clock(m.createdAt)}</time><p>${esc(m.body)}</p></div>`;
  }
  return html;
}

function names(plan: Plan): Map<string, string> {
  return new Map([plan.me, ...plan.peers].map((u) => [u.id, u.displayName]));
}

function title(c: PlanConversation): string {
  return c.title ?? c.members[1]?.displayName ?? '';
}

function listPage(plan: Plan, opened: readonly number[]): string {
  const who = names(plan);
  const rows = plan.conversations
    .map((c) => {
      const last = c.messages.at(-1);
      const t = title(c);
      const initials = t
        .split(' ')
        .map((w) => w[0] ?? '')
        .join('')
        .slice(0, 2);
      return `<div role="option" data-conversation-id="${c.id}"><i>${esc(initials)}</i><div><b>${esc(t)}</b><span>${esc(last?.body ?? '')}</span></div><time>${last ? clock(last.createdAt) : ''}</time></div>`;
    })
    .join('');
  const pages = Object.fromEntries(
    opened.map((i) => {
      const c = plan.conversations[i];
      return [c?.id ?? '', messagesHtml(c?.messages.slice(-100) ?? [], who)];
    }),
  );
  // The pages as JSON inside a non-executed script element; "<" escaped so no "</script>" can end it.
  const json = JSON.stringify(pages).replace(/</g, '\\u003c');
  const script = `
    const pages = JSON.parse(document.getElementById('pages').textContent);
    const log = document.querySelector('[role=log]');
    document.querySelector('[role=listbox]').addEventListener('click', (e) => {
      const row = e.target.closest('[role=option]');
      if (!row) return;
      log.innerHTML = pages[row.dataset.conversationId] || '';
      log.scrollTop = log.scrollHeight;
    });`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>list baseline</title><style>${STYLE}</style></head><body><div class="app">
    <div role="listbox" aria-label="Conversations">${rows}</div><main><div role="log"></div></main></div>
    <script type="application/json" id="pages">${json}</script><script>${script}</script></body></html>`;
}

function historyPage(plan: Plan): string {
  const big = plan.conversations[0];
  return `<!doctype html><html><head><meta charset="utf-8"><title>history baseline</title><style>${STYLE}</style></head><body><div class="app">
    <main><div role="log" id="history">${messagesHtml(big?.messages ?? [], names(plan))}</div></main></div></body></html>`;
}

export async function serveBaselinePages(plan: Plan, opened: readonly number[]): Promise<BaselinePages> {
  const pages = new Map([
    ['/list.html', listPage(plan, opened)],
    ['/history.html', historyPage(plan)],
  ]);
  const server = createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
