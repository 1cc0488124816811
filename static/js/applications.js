// Application editor: progressive enhancement only. Without this file every button is a
// plain form submission and the page still works completely.
(() => {
  // One submission per click: a second submit of the same form is ignored, and the
  // button is disabled once the browser has taken the first (the server is idempotent too).
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const button = event.submitter;
    if (!form.matches("[data-submit-once]") || !button || !button.matches("[data-once]")) return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    setTimeout(() => {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    }, 0);
  });

  // After htmx redraws the editor, put focus where the server says the person was
  // (the moved posting's button), so keyboard users keep their place in the list.
  document.addEventListener("htmx:afterSettle", (event) => {
    const editor = document.getElementById("application-editor");
    if (!editor || !editor.contains(event.detail.elt) && event.detail.elt !== editor) return;
    const id = editor.dataset.focus;
    if (!id) return;
    let target = document.getElementById(id);
    if (!target || target.disabled) {
      // At the top there is no "move up" (at the bottom no "move down"): use the other.
      const other = id.startsWith("up-") ? id.replace("up-", "down-") : id.replace("down-", "up-");
      target = document.getElementById(other);
    }
    if (target) target.focus();
  });

  // Drag and drop reordering: a convenience on top of the Move up / Move down buttons.
  let dragged = null;
  const listOf = (element) => element && element.closest("#choice-list[data-reorderable]");

  document.addEventListener("mousedown", (event) => {
    const item = event.target.closest("#choice-list[data-reorderable] > li[data-choice-id]");
    if (!item) return;
    // Only drag from the card itself, never while selecting text in a field or pressing a button.
    item.draggable = !event.target.closest("textarea, input, button, a, select");
  });

  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest("li[data-choice-id]");
    if (!item || !listOf(item)) return;
    dragged = item;
    item.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.choiceId);
  });

  document.addEventListener("dragover", (event) => {
    if (!dragged) return;
    const over = event.target.closest && event.target.closest("li[data-choice-id]");
    if (!over || over === dragged || listOf(over) !== listOf(dragged)) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("dragend", () => {
    if (!dragged) return;
    const list = listOf(dragged);
    dragged.classList.remove("opacity-50");
    dragged = null;
    const form = document.getElementById("application-form");
    if (!list || !form || !window.htmx) return;
    const order = Array.from(list.querySelectorAll(":scope > li[data-choice-id]"))
      .map((item) => item.dataset.choiceId)
      .join(",");
    htmx.ajax("POST", form.getAttribute("action"), {
      source: form,
      values: { action: "reorder", order: order },
      target: "#application-editor",
      select: "#application-editor",
      swap: "outerHTML",
    });
  });
})();
