// Progressive enhancement only: every page works without this file.

// What a page opens to say (a refused form's summary of problems, "recorded"), where keyboard and screen reader
// users find it first.
document.addEventListener('DOMContentLoaded', function () {
  var first = document.querySelector('[data-focus]');
  if (first) first.focus();
});

// A link of an error summary moves the focus into the field it names, not only the view to it.
document.addEventListener('click', function (event) {
  var link = event.target.closest('.error-summary a[href^="#"]');
  var field = link && document.getElementById(link.getAttribute('href').substring(1));
  if (!field) return;
  event.preventDefault();
  field.focus();
});
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.copy');
  if (!button) return;
  var field = document.getElementById(button.dataset.copy);
  var status = button.parentElement.querySelector('.copy-status');
  var done = function () { if (status) status.textContent = button.dataset.copied; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { field.select(); document.execCommand('copy'); done(); });
  } else {
    field.select();
    document.execCommand('copy');
    done();
  }
});

// Administration. One polite live region (#processors-live) says what changed: a replay's status, a processor's state;
// never the numbers that change every second.
function announce(text) {
  var live = document.getElementById('processors-live');
  if (live && text) live.textContent = text;
}

// Each running replay's progress, every second, from /ui/admin/replays/{id}.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-replay-url]').forEach(function (box) {
    if (box.dataset.finished === 'true') return;
    var timer = setInterval(function () {
      fetch(box.dataset.replayUrl, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (replay) {
          if (!replay) return;
          var bar = box.querySelector('progress');
          bar.value = replay.percent;
          bar.textContent = replay.percentLabel;
          var status = box.querySelector('[data-field="statusLabel"]');
          if (status && status.textContent !== replay.statusLabel) {
            announce(box.querySelector('h3').textContent.replace(/\s+/g, ' ').trim() + ': ' + replay.statusLabel);
          }
          box.querySelectorAll('[data-field]').forEach(function (field) {
            var value = replay[field.dataset.field];
            field.textContent = value == null ? '' : value;
          });
          box.dataset.status = replay.status;
          box.dataset.finished = String(replay.finished);
          if (replay.finished) clearInterval(timer);
        })
        .catch(function () { /* the next tick tries again */ });
    }, 1000);
  });
});

// The processor table, while a replay runs: its cells (state, position, lag, generation) every 2 seconds from
// /ui/admin/processors, the same table drawn by the server; the rows and their buttons stay, so focus stays where it
// is. Stops when no replay runs any more.
document.addEventListener('DOMContentLoaded', function () {
  var table = document.getElementById('processors');
  if (!table || table.dataset.replaying !== 'true') return;
  var hint = document.getElementById('processors-refresh');
  if (hint) hint.hidden = false;
  var timer = setInterval(function () {
    fetch(table.dataset.refreshUrl, {headers: {'Accept': 'text/html'}, credentials: 'same-origin'})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('processors');
        if (!fresh) return;
        var changes = [];
        fresh.querySelectorAll('tbody tr[data-processor]').forEach(function (row) {
          var here = table.querySelector('tbody tr[data-processor="' + row.dataset.processor + '"]');
          if (!here) return;
          row.querySelectorAll('td[data-cell]').forEach(function (cell) {
            var old = here.querySelector('td[data-cell="' + cell.dataset.cell + '"]');
            if (!old || (old.textContent === cell.textContent && old.className === cell.className)) return;
            if (cell.dataset.cell === 'state' && cell.textContent) {
              changes.push(here.querySelector('th span:not([aria-hidden])').textContent + ': ' + cell.textContent);
            }
            old.textContent = cell.textContent;
            old.className = cell.className;
          });
        });
        table.dataset.replaying = fresh.dataset.replaying;
        if (fresh.dataset.replaying !== 'true') {
          clearInterval(timer);
          if (hint) hint.hidden = true;
          changes.push(document.getElementById('processors-live').dataset.done);
        }
        announce(changes.join('. '));
      })
      .catch(function () { /* the next tick tries again */ });
  }, 2000);
});
