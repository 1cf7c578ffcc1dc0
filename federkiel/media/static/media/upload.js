/* Uploads without leaving the page. Each form.media-drop also works as a plain form
   without JavaScript; here it gains drag and drop and, in the story editor, puts the
   Markdown or HTML snippet of the upload into the text where the cursor is. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !document.querySelectorAll) {
    return;
  }

  function setup(form) {
    var input = form.querySelector("input[type=file]");
    var alt = form.elements.namedItem("alt_text");
    var token = form.elements.namedItem("csrfmiddlewaretoken");
    var status = form.querySelector(".media-status");
    var selector = form.getAttribute("data-target");
    var target = selector ? document.querySelector(selector) : null;
    var format = document.querySelector("select[name=text_format], input[name=text_format]:checked");
    var url = form.getAttribute("data-upload-url");
    if (!input || !token || !url) {
      return;
    }
    input.multiple = true;
    input.required = false;
    form.removeAttribute("target");

    function say(text, failed) {
      if (status) {
        status.textContent = text;
        status.classList.toggle("error", !!failed);
      }
    }

    function uploadOne(file) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token.value);
      data.append("file", file, file.name);
      data.append("alt_text", alt ? alt.value : "");
      return fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token.value }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            throw new Error((body.errors || []).join(" ") || form.getAttribute("data-failed"));
          }
          return body;
        });
      });
    }

    function insert(item) {
      if (!target) {
        return;
      }
      var current = document.querySelector("select[name=text_format]") || format;
      var snippet = current && current.value === "html" ? item.html : item.markdown;
      var start = target.selectionStart || 0;
      var end = target.selectionEnd || start;
      var before = target.value.slice(0, start);
      var after = target.value.slice(end);
      var lead = before && !/\n$/.test(before) ? "\n" : "";
      var text = lead + snippet + "\n";
      target.value = before + text + after;
      target.selectionStart = target.selectionEnd = start + text.length;
      target.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function send(files) {
      var list = Array.prototype.slice.call(files || []);
      if (!list.length) {
        return;
      }
      form.classList.add("busy");
      say(form.getAttribute("data-busy"));
      var chain = Promise.resolve();
      list.forEach(function (file) {
        chain = chain.then(function () { return uploadOne(file); }).then(insert);
      });
      chain.then(function () {
        form.classList.remove("busy");
        input.value = "";
        if (alt) {
          alt.value = "";
        }
        if (form.hasAttribute("data-reload")) {
          window.location.reload();
          return;
        }
        say(form.getAttribute("data-done"));
      }).catch(function (error) {
        form.classList.remove("busy");
        say(error.message || form.getAttribute("data-failed"), true);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(input.files);
    });

    [form, target].forEach(function (zone) {
      if (!zone) {
        return;
      }
      zone.addEventListener("dragover", function (event) {
        if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
          event.preventDefault();
          form.classList.add("dragging");
        }
      });
      zone.addEventListener("dragleave", function () {
        form.classList.remove("dragging");
      });
      zone.addEventListener("drop", function (event) {
        if (event.dataTransfer && event.dataTransfer.files.length) {
          event.preventDefault();
          form.classList.remove("dragging");
          send(event.dataTransfer.files);
        }
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.media-drop[data-upload-url]"), setup);
})();
