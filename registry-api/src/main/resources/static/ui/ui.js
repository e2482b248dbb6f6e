// Progressive enhancement only: every page works without this file.
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

// Administration: refreshes each running replay's progress every second from /ui/admin/replays/{id}.
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
