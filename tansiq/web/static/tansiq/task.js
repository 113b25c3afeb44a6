// A task's page updates its progress in place (a static file: the Content-Security-Policy
// allows no inline script). Without JavaScript the page still shows the state when loaded.
(function () {
  "use strict";
  const box = document.getElementById("task");
  if (!box) return;
  const done = ["SUCCESSFUL", "FAILED", "UNKNOWN"];
  async function poll() {
    const response = await fetch(box.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    const percent = Math.round(data.fraction * 100);
    box.dataset.status = data.status;
    document.getElementById("task-status").textContent = data.status_label;
    document.getElementById("task-bar").value = percent;
    document.getElementById("task-bar").textContent = percent + "%";
    document.getElementById("task-message").textContent = data.message_label;
    if (!done.includes(data.status)) setTimeout(poll, 1000);
  }
  if (!done.includes(box.dataset.status)) setTimeout(poll, 1000);
})();
