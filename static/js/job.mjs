// Refreshes a background job's progress in place. Without JavaScript the
// page offers a "check progress again" link instead.
const box = document.getElementById("job-status");
if (box && box.dataset.finished === "false") {
  const url = box.dataset.statusUrl;
  const timer = setInterval(async () => {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const job = await response.json();
    document.getElementById("job-state").textContent = job.status_label;
    document.getElementById("job-progress").textContent = job.progress_total
      ? `${job.progress_done} of ${job.progress_total} done (${job.percent}%)`
      : "";
    document.getElementById("job-message").textContent = job.message;
    const bar = document.getElementById("job-bar");
    if (bar && job.percent !== null) bar.value = job.percent;
    if (job.finished) {
      clearInterval(timer);
      window.location.reload();
    }
  }, 2000);
}
