// Live progress of the jobs on a back-office page. Each unfinished job is an element
// with data-job-url (the JSON at /beheer/jobs/{id}) holding a <progress> and a status
// line (role="status"; data-running holds its translated text while running, with
// {done} and {total}; data-queued, if given, while waiting). The bar moves on every
// poll; the status line, which a screen reader reads out, changes only every tenth and
// at the end, so it does not talk all the time. When a job ends, a job element marked
// data-reload reloads the page; otherwise the page is fetched once more and the job's
// status, its download and every [data-refresh] part (the counts) are taken from it:
// the same words as after a reload; the flash that said the job was started goes.
// Without JavaScript a reload shows the same.
(function () {
  var POLL_MS = 1000;
  var RETRY_MS = 5000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function refresh(item) {
    fetch(location.pathname + location.search, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var now = fresh.getElementById(item.id);
        if (now) {
          item.querySelector("[role=status]").textContent =
            now.querySelector("[role=status]").textContent;
          var download = item.querySelector(".batch-download");
          if (download) download.hidden = now.querySelector(".batch-download").hidden;
          item.className = now.className;
        }
        document.querySelectorAll("[data-refresh]").forEach(function (part) {
          var replacement = part.id && fresh.getElementById(part.id);
          if (replacement) part.replaceWith(replacement);
        });
        // The message that the job was started ("… is being made") is no longer true.
        if (location.hash === "#" + item.id) {
          document.querySelectorAll("main > .flash-success").forEach(function (flash) {
            flash.remove();
          });
        }
      });
  }

  function show(item, job) {
    var bar = item.querySelector("progress");
    var status = item.querySelector("[role=status]");
    bar.max = job.total || 1;
    bar.value = job.state === "done" ? bar.max : job.done;
    if (job.state === "queued" && status.dataset.queued) {
      if (status.textContent.trim() !== status.dataset.queued) status.textContent = status.dataset.queued;
    } else if (job.state === "running") {
      var tenth = String(Math.floor(job.progress / 10));
      if (item.dataset.tenth !== tenth) {
        item.dataset.tenth = tenth;
        status.textContent = fill(status.dataset.running, { done: job.done, total: job.total });
      }
    }
  }

  function poll(item) {
    fetch(item.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (job) {
        show(item, job);
        if (job.state === "queued" || job.state === "running") setTimeout(poll, POLL_MS, item);
        else if (item.hasAttribute("data-reload")) location.reload();
        else refresh(item);
      })
      .catch(function () {
        setTimeout(poll, RETRY_MS, item);
      });
  }

  document.querySelectorAll("[data-job-url]").forEach(poll);
})();
