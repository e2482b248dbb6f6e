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
