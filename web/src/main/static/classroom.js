// The classroom page. Buttons and forms with data-api="METHOD /api/..." are sent to the JSON
// API (forms as a JSON object of their fields, buttons with data-body), with the session's CSRF
// token; errors appear in #class-error, and the live fragments (#class-state, #dashboard)
// refresh at once. After every refresh of #class-state, the stage's console and the member's
// own lab console are swapped when they changed (lab.js opens and closes the terminals). The
// dashboard's Watch buttons open a member's console read-only in the watch panel.
(function () {
  if (window.VirtLabClassroom) return;
  window.VirtLabClassroom = true;

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute('hx-headers') || '{}')['X-CSRF-Token'] || '';
    } catch (e) {
      return '';
    }
  }

  function showError(text) {
    const el = document.getElementById('class-error');
    if (el) el.textContent = text || '';
  }

  function refresh() {
    ['#class-state', '#dashboard'].forEach((sel) => {
      if (document.querySelector(sel) && window.htmx) htmx.trigger(sel, 'refresh');
    });
  }

  async function call(spec, body) {
    const space = spec.indexOf(' ');
    const method = spec.slice(0, space);
    const path = spec.slice(space + 1);
    const res = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (!res.ok) {
      let message = res.status + ' ' + res.statusText;
      try { message = (await res.json()).message || message; } catch (e) { /* not JSON */ }
      showError(message);
      return null;
    }
    showError('');
    return res.status === 204 ? {} : res.json();
  }

  // One console in a slot: replaced when its URL changes, removed when there is none.
  function setConsole(slotId, url) {
    const slot = document.getElementById(slotId);
    if (!slot) return;
    const current = slot.querySelector('[data-console]');
    if ((current ? current.dataset.console : '') === (url || '')) return;
    slot.replaceChildren();
    if (url) {
      const el = document.createElement('div');
      el.className = 'terminal';
      el.dataset.console = url;
      el.setAttribute('aria-label', slotId === 'stage-slot' ? 'Stage console' : 'Lab console');
      slot.appendChild(el);
    } else if (slot.dataset.placeholder) {
      const p = document.createElement('p');
      p.className = 'muted';
      p.textContent = slot.dataset.placeholder;
      slot.appendChild(p);
    }
    if (window.VirtLabConsoles) window.VirtLabConsoles.start();
  }

  function syncConsoles() {
    const facts = document.querySelector('#class-state .class-facts');
    if (!facts) return;
    setConsole('stage-slot', facts.dataset.stage);
    setConsole('mylab-slot', facts.dataset.mylab);
  }

  function watch(lab, name) {
    const panel = document.getElementById('watch');
    if (!panel) return;
    panel.hidden = false;
    document.getElementById('watch-name').textContent = name || '';
    setConsole('watch-slot', '/api/labs/' + lab + '/console');
  }

  document.addEventListener('click', async (e) => {
    const stop = e.target.closest('[data-watch-stop]');
    if (stop) {
      setConsole('watch-slot', '');
      document.getElementById('watch').hidden = true;
      return;
    }
    const w = e.target.closest('[data-watch]');
    if (w) {
      watch(w.dataset.watch, w.dataset.name);
      return;
    }
    const b = e.target.closest('button[data-api]');
    if (!b || b.type === 'submit') return;
    e.preventDefault();
    if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) return;
    b.disabled = true;
    try {
      const done = await call(b.dataset.api, b.dataset.body ? JSON.parse(b.dataset.body) : undefined);
      if (done && b.dataset.watchAfter) watch(b.dataset.watchAfter, b.dataset.name);
      if (done && b.dataset.reload) location.reload();
    } finally {
      b.disabled = false;
      refresh();
    }
  });

  document.addEventListener('submit', async (e) => {
    const form = e.target.closest('form[data-api]');
    if (!form) return;
    e.preventDefault();
    const body = {};
    new FormData(form).forEach((v, k) => { body[k] = v; });
    const done = await call(form.dataset.api, body);
    if (done && form.dataset.clear) form.reset();
    refresh();
  });

  document.addEventListener('htmx:afterSettle', (e) => {
    if (e.detail && e.detail.target && e.detail.target.id === 'class-state') syncConsoles();
  });
})();
