// The recording page: asciinema-player (npm package asciinema-player, copied into the jar at
// build time) plays the stage recording, an asciicast v2 file, from data-cast.
(function () {
  const el = document.getElementById('player');
  if (!el || el.dataset.started || !window.AsciinemaPlayer) return;
  el.dataset.started = '1';
  AsciinemaPlayer.create(el.dataset.cast, el, { fit: 'width', idleTimeLimit: 2, preload: true });
})();
