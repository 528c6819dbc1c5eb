// A mailing's progress page (templates/mailings/beheer/progress.html): polls the
// counts and each recipient's state (progress.json) while anything is queued or sending; the status line (aria-live)
// changes at most every tenth of the way and at the end, so a screen reader is not
// talked to all the time.
(function () {
  var box = document.getElementById("mailing-progress");
  var labels = JSON.parse(document.getElementById("state-labels").textContent);
  var tenth = -1;
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; }); }
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var c = data.counts, done = c.sent + c.failed + c.suppressed;
        document.getElementById("progress-bar").max = data.total || 1;
        document.getElementById("progress-bar").value = done;
        Object.keys(c).forEach(function (k) { var el = document.getElementById("count-" + k); if (el) el.textContent = c[k]; });
        Object.keys(data.states).forEach(function (id) {
          var cell = document.getElementById("delivery-" + id);
          if (cell && cell.dataset.state !== data.states[id]) { cell.dataset.state = data.states[id]; cell.textContent = labels[data.states[id]]; }
        });
        var finished = c.queued + c.sending === 0;
        var now = Math.floor(10 * done / (data.total || 1));
        if (now !== tenth || finished) {
          tenth = now;
          document.getElementById("progress-status").textContent = fill(box.dataset.text, { sent: c.sent, total: data.total, failed: c.failed });
        }
        if (!finished) setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  if (Number(box.dataset.waiting) > 0) setTimeout(poll, 1000);
})();
