// Drag-and-drop for the sidebar settings page. Without JavaScript the ↑/↓ buttons do the
// same; this only saves the new order after a drag and reloads the list.
(function () {
  "use strict";
  const list = document.querySelector(".sidebar-modules");
  const form = document.getElementById("order-form");
  if (!list || !form || !window.fetch) {
    return;
  }
  let dragged = null;
  let before = "";

  const currentOrder = () => Array.from(list.children, (item) => item.dataset.id).join(",");

  for (const item of list.children) {
    item.draggable = true;
    item.title = list.dataset.dragHint;
  }

  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("li");
    if (!dragged) {
      return;
    }
    before = currentOrder();
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
  });

  list.addEventListener("dragover", (event) => {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    const over = event.target.closest("li");
    if (!over || over === dragged) {
      return;
    }
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });

  list.addEventListener("drop", (event) => event.preventDefault());

  list.addEventListener("dragend", () => {
    if (!dragged) {
      return;
    }
    dragged.classList.remove("dragging");
    dragged = null;
    if (currentOrder() !== before) {
      save();
    }
  });

  function save() {
    const body = new FormData(form);
    for (const item of list.children) {
      body.append("order", item.dataset.id);
    }
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then((response) => {
        if (response.ok) {
          window.location.reload();
          return null;
        }
        return response.json().then((data) => showError(data.error));
      })
      .catch(() => window.location.reload());
  }

  function showError(text) {
    const message = document.createElement("p");
    message.className = "errorlist";
    message.setAttribute("role", "alert");
    message.textContent = text;
    list.before(message);
  }
})();
