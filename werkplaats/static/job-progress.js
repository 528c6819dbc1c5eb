// A job's live progress: polls the back office's job JSON (/beheer/jobs/{id}) and moves
// the <progress> bar and its status line; when the job has finished it reloads the
// page, which then shows the outcome. Without JavaScript the page reloads itself.
(function () {
  "use strict";
  const bar = document.querySelector("progress[data-job-url]");
  const status = document.getElementById("job-status");
  if (!bar || !status) return;
  const fill = (text, job) => text.replace("{done}", job.done).replace("{total}", job.total);
  async function poll() {
    let job;
    try {
      const response = await fetch(bar.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      job = await response.json();
    } catch (error) {
      window.setTimeout(poll, 3000);
      return;
    }
    bar.value = job.progress;
    bar.textContent = `${job.progress}%`;
    if (job.state === "done" || job.state === "failed") {
      window.location.reload();
      return;
    }
    const text = job.state === "queued" ? bar.dataset.textQueued : fill(bar.dataset.textRunning, job);
    if (status.textContent.trim() !== text) status.textContent = text;
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 1000);
})();
