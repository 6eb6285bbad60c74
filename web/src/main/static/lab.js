// The lab page's console: xterm.js attached to /api/labs/{id}/console (binary frames of raw
// console bytes out, keystrokes in). Reconnects after a drop; the server replays the scroll-back.
(function () {
  const el = document.getElementById('terminal');
  if (!el || el.dataset.started) return;
  el.dataset.started = '1';
  const term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5000 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(el);
  fit.fit();
  window.addEventListener('resize', () => fit.fit());
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + el.dataset.console;
  const encoder = new TextEncoder();
  let ws = null;
  function connect() {
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') {
        const msg = JSON.parse(e.data);
        if (msg.type === 'read-only') el.setAttribute('title', msg.message);
      } else {
        term.write(new Uint8Array(e.data));
      }
    };
    ws.onclose = () => { if (document.body.contains(el)) setTimeout(connect, 2000); };
  }
  term.onData((d) => { if (ws && ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(d)); });
  term.focus();
  connect();
})();
