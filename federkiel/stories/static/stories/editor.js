/* Live preview for the story form: posts the text to the preview endpoint, debounced,
   and shows the sanitised HTML it returns. Without JavaScript the "Preview" button
   does the same with a full page load. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var text = form.elements.namedItem("text");
  var format = form.elements.namedItem("text_format");
  var token = form.elements.namedItem("csrfmiddlewaretoken");
  var section = form.querySelector(".story-preview");
  var body = form.querySelector(".preview-body");
  var status = form.querySelector(".preview-status");
  var button = form.querySelector("button[name=preview]");
  var delay = 400;
  var timer = null;
  var controller = null;
  if (!text || !format || !token || !section || !body) {
    return;
  }
  if (button) {
    button.hidden = true;
  }

  function show(html) {
    body.innerHTML = html;
    status.textContent = "";
    if (text.value.trim()) {
      section.removeAttribute("data-empty");
    } else {
      section.setAttribute("data-empty", "");
    }
  }

  function update() {
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("text", text.value);
    data.append("text_format", format.value);
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "error",
      headers: { "X-CSRFToken": token.value },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("preview failed: " + response.status);
      }
      return response.text();
    }).then(show).catch(function (error) {
      if (error && error.name === "AbortError") {
        return;
      }
      status.textContent = form.getAttribute("data-preview-error");
      section.removeAttribute("data-empty");
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, delay);
  }

  text.addEventListener("input", schedule);
  format.addEventListener("change", schedule);
  if (text.value.trim() && section.hasAttribute("data-empty")) {
    update();
  }
})();
