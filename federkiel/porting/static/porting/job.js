// Polls the import's status and shows its progress; reloads the page when it ends.
(function () {
  "use strict";
  var section = document.getElementById("import-job");
  if (!section) return;
  var bar = section.querySelector("progress");
  var label = section.querySelector(".label");
  var state = section.querySelector(".state");
  function poll() {
    fetch(section.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { window.setTimeout(poll, 5000); return; }
        if (status.finished) { window.location.reload(); return; }
        if (bar) bar.value = status.progress;
        if (label) label.textContent = status.label;
        if (state) state.textContent = status.state_label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
