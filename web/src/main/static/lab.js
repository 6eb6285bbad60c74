// The lab page's consoles: one xterm.js terminal per element with data-console (the board's
// console on a bare lab; one per domain on a hypervisor lab), each attached to its WebSocket
// (binary frames of raw console bytes out, keystrokes in). Reconnects after a drop; the server
// replays the scroll-back. Who has the keyboard, when the server says (a lent keyboard in a
// classroom), is shown in a line above the terminal.
//
// Pages are swapped by htmx (hx-boost), so this script runs again on every lab page it reaches,
// while its state lives on: terminals whose element has left the page are closed (their sockets
// would otherwise stay open as ghost viewers), and the copy of the page htmx keeps for the back
// button holds plain elements, which get fresh terminals when the page comes back.
(function () {
  if (window.VirtLabConsoles) {
    window.VirtLabConsoles.start();
    return;
  }
  const live = new Set();
  const encoder = new TextEncoder();

  function open(el) {
    el.dataset.started = '1';
    const term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5000 });
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + el.dataset.console;
    const c = { el, term, fit, ws: null, closed: false };
    function connect() {
      if (c.closed) return;
      const ws = new WebSocket(url);
      c.ws = ws;
      ws.binaryType = 'arraybuffer';
      ws.onmessage = (e) => {
        if (typeof e.data === 'string') {
          const msg = JSON.parse(e.data);
          if (msg.type === 'read-only') el.setAttribute('title', msg.message);
          if (msg.type === 'read-only' || msg.type === 'keyboard') notice(el, msg.message);
        } else {
          term.write(new Uint8Array(e.data));
        }
      };
      ws.onclose = () => { if (!c.closed && document.body.contains(el)) setTimeout(connect, 2000); };
    }
    term.onData((d) => { if (c.ws && c.ws.readyState === WebSocket.OPEN) c.ws.send(encoder.encode(d)); });
    live.add(c);
    connect();
    return c;
  }

  // A line above the terminal saying who has the keyboard (the server sends it when that changes).
  function notice(el, text) {
    let n = el.previousElementSibling;
    if (!n || !n.classList.contains('console-notice')) {
      n = document.createElement('p');
      n.className = 'console-notice';
      n.setAttribute('role', 'status');
      el.parentNode.insertBefore(n, el);
    }
    n.textContent = text;
  }

  function close(c) {
    c.closed = true;
    if (c.ws) c.ws.close();
    c.term.dispose();
    live.delete(c);
  }

  // Closes the consoles that left the page, opens the new ones; the first new one gets the keyboard.
  function start() {
    for (const c of [...live]) if (!document.body.contains(c.el)) close(c);
    let first = null;
    document.querySelectorAll('[data-console]').forEach((el) => {
      if (el.dataset.started) return;
      const c = open(el);
      if (!first) first = c;
    });
    if (first) first.term.focus();
  }

  window.VirtLabConsoles = { start };
  window.addEventListener('resize', () => live.forEach((c) => c.fit.fit()));
  // Before htmx saves the page for the back button: no live terminal in the saved copy.
  document.addEventListener('htmx:beforeHistorySave', () => {
    for (const c of [...live]) {
      close(c);
      c.el.replaceChildren();
      delete c.el.dataset.started;
    }
  });
  document.addEventListener('htmx:afterSettle', start);
  document.addEventListener('htmx:historyRestore', start);
  // A button with data-refresh="#panel" refreshes that panel as soon as its request is done.
  document.addEventListener('htmx:afterRequest', (e) => {
    const target = e.detail.elt && e.detail.elt.dataset ? e.detail.elt.dataset.refresh : null;
    if (target && document.querySelector(target)) htmx.trigger(target, 'refresh');
  });
  // The live panels' socket (htmx-ext-ws) opened again after a drop: the server forgot the
  // trace's kind filter, so the select sends it again.
  document.addEventListener('htmx:wsOpen', () => {
    const kind = document.getElementById('trace-kind');
    if (kind && kind.value !== 'all') htmx.trigger(kind, 'change');
  });
  start();
})();
