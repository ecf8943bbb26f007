import { channelTable } from '../contract'

/**
 * The script that gives the renderer the same `window.cio` in a browser as the preload gives it
 * in Electron: one method per channel, each a request over the loopback WebSocket, and `on()` for
 * events. The session token comes from the page URL (`?token=`), is kept in sessionStorage and
 * removed from the address bar; it is never part of this script, which any page could load.
 */
export function bridgeScript(): string {
  const table = JSON.stringify(channelTable())
  return `(() => {
  'use strict';
  const table = ${table};
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('cio-sync-token', fromUrl);
    params.delete('token');
    const q = params.toString();
    history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + location.hash);
  }
  const token = sessionStorage.getItem('cio-sync-token') || '';
  const pending = new Map();
  const listeners = new Map();
  const queue = [];
  let socket = null;
  let nextId = 1;
  let retryMs = 250;
  function connect() {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ipc?token=' + encodeURIComponent(token));
    socket.onopen = () => { retryMs = 250; while (queue.length) socket.send(queue.shift()); };
    socket.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.event) { for (const fn of listeners.get(msg.event) || []) { try { fn(msg.payload); } catch (e) { console.error(e); } } return; }
      const p = pending.get(msg.id); if (!p) return; pending.delete(msg.id); p(msg.result);
    };
    socket.onclose = (ev) => {
      for (const [id, p] of pending) { p({ ok: false, error: { code: 'NETWORK', message: 'the connection to cio-sync closed (' + (ev.reason || ev.code) + ')', retryable: true } }); pending.delete(id); }
      if (ev.code === 4401) return;
      setTimeout(connect, retryMs); retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  function call(channel, input) {
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const frame = JSON.stringify({ id, channel, input: input === undefined ? {} : input });
      if (socket && socket.readyState === 1) socket.send(frame); else queue.push(frame);
    });
  }
  const api = {};
  for (const domain of Object.keys(table)) {
    const methods = {};
    for (const verb of Object.keys(table[domain])) methods[verb] = (input) => call(table[domain][verb], input);
    api[domain] = Object.freeze(methods);
  }
  api.on = (name, fn) => {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(fn);
    return () => listeners.get(name).delete(fn);
  };
  Object.defineProperty(window, 'cio', { value: Object.freeze(api), writable: false, configurable: false });
  connect();
})();
`
}
