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

  // After the person's own move, add, remove or find redraws the editor, put focus where
  // the server says they were (the moved posting's button, the added posting's heading),
  // so keyboard users keep their place in the list. Only then, and only once: any other
  // redraw (an autosave, a conflict, a later swap) leaves focus where the person put it,
  // or their keystrokes would land on a button (a Space would move a posting).
  let focusAfterAction = false;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    const editor = document.getElementById("application-editor");
    focusAfterAction = Boolean(
      editor && elt && elt.matches && elt.matches("button[hx-post]") && editor.contains(elt)
    );
  });
  document.addEventListener("htmx:afterSettle", () => {
    const editor = document.getElementById("application-editor");
    if (!editor || !focusAfterAction) return;
    focusAfterAction = false;
    const id = editor.dataset.focus;
    delete editor.dataset.focus;
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
    htmx.ajax("POST", list.dataset.reorder, {
      source: form,
      values: { order: order },
      target: "#application-editor",
      select: "#application-editor",
      swap: "outerHTML",
    });
  });
})();

// Autosave that merges, never clobbers (recruitment/applications/views.py,
// application_autosave): only the fields changed in this tab are sent, each with the
// version it started from (the hidden base_<field> inputs). A field someone changed in
// another tab meanwhile comes back as a conflict showing both texts, to choose between.
// Until a save succeeds, what was typed is kept in sessionStorage and put back when the
// page is opened again (after signing in again, say). A failed save says so and retries.
(() => {
  const formEl = () => document.getElementById("application-form");
  const form0 = formEl();
  if (!form0 || !form0.dataset.autosave) return;
  const KEY = form0.dataset.draftKey;
  const dirty = new Set();
  const savedValue = {}; // what the server holds, as far as this tab knows
  let timer = null;
  let inFlight = false;
  let again = false;
  let retryIn = 0;

  const baseInput = (name) => formEl().querySelector(`input[type=hidden][name="base_${name}"]`);
  const isDraftField = (name) => Boolean(name && baseInput(name));
  const elements = (name) => Array.from(formEl().elements).filter((el) => el.name === name);
  const valueOf = (name) => {
    const els = elements(name);
    if (!els.length) return null;
    if (els[0].type === "checkbox") {
      if (els.length === 1 && name !== "documents") return els[0].checked ? "on" : "";
      return els.filter((el) => el.checked).map((el) => el.value).sort().join(",");
    }
    return els[0].value;
  };
  const setValue = (name, value) => {
    const els = elements(name);
    if (!els.length) return;
    if (els[0].type === "checkbox") {
      const wanted = els.length === 1 && name !== "documents" ? [value ? els[0].value : null] : value.split(",");
      els.forEach((el) => { el.checked = wanted.includes(el.value); });
    } else {
      els[0].value = value;
    }
  };
  const status = (message, isError = false) => {
    const line = document.getElementById("autosave-status");
    if (!line) return;
    line.textContent = message;
    line.classList.toggle("text-danger", isError);
  };
  const pending = () => new Set(
    Array.from(document.querySelectorAll("#draft-conflicts [data-conflict]")).map((el) => el.dataset.conflict)
  );

  // --- Kept in this browser until saved -------------------------------------------------
  const load = () => {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || { values: {}, bases: {} }; } catch (e) { return { values: {}, bases: {} }; }
  };
  const store = (kept) => {
    try {
      if (Object.keys(kept.values).length) sessionStorage.setItem(KEY, JSON.stringify(kept));
      else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage full or unavailable: the autosave still runs */ }
  };
  const keep = (name) => {
    const kept = load();
    if (!(name in kept.bases)) kept.bases[name] = baseInput(name).value;
    kept.values[name] = valueOf(name);
    store(kept);
  };
  const forget = (name) => {
    const kept = load();
    delete kept.values[name];
    delete kept.bases[name];
    store(kept);
  };
  const rebase = (name, version) => {
    baseInput(name).value = version;
    const kept = load();
    if (name in kept.bases) { kept.bases[name] = version; store(kept); }
  };

  // --- Saving ---------------------------------------------------------------------------
  const schedule = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  };
  async function save() {
    if (inFlight) { again = true; return; }
    const held = pending();
    const names = Array.from(dirty).filter((name) => !held.has(name) && isDraftField(name));
    if (!names.length) return;
    const form = formEl();
    const sent = {};
    const body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("fields", names.join(","));
    for (const name of names) {
      sent[name] = valueOf(name);
      elements(name).forEach((el) => {
        if (el.type === "checkbox") { if (el.checked) body.append(name, el.value); } else body.append(name, el.value);
      });
      body.append(`base_${name}`, baseInput(name).value);
    }
    inFlight = true;
    status(form.dataset.saving);
    let response = null;
    let answer = {};
    try {
      response = await fetch(form.dataset.autosave, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      });
      if (window.portalSession) window.portalSession.seen(response);
      if (response.type === "opaqueredirect") response = { status: 401, ok: false };
      else answer = await response.json().catch(() => ({}));
    } catch (e) {
      response = null;
    }
    inFlight = false;
    if (response && (response.ok || response.status === 409)) {
      retryIn = 0;
      for (const name of answer.saved || []) {
        if (!isDraftField(name) || !(name in answer.versions)) continue;
        rebase(name, answer.versions[name]);
        savedValue[name] = sent[name];
        if (valueOf(name) === sent[name]) { dirty.delete(name); forget(name); }
      }
      const waiting = Array.from(dirty).some((name) => !pending().has(name));
      if (response.status === 409) {
        const panel = document.getElementById("draft-conflicts");
        if (panel) panel.innerHTML = answer.conflicts_html || "";
        status(answer.message, true);
      } else if (waiting || again) {
        status(form.dataset.saving); // more to send: "saved" only once all of it is
      } else {
        status(answer.message);
      }
    } else if (response && response.status === 401) {
      status(answer.message || "", true);
      if (window.portalSession) window.portalSession.signedOut(answer.login_url);
      return;
    } else if (response && response.status === 400) {
      status(answer.message || "", true);  // refused (deadline passed, too long): not retried
      return;
    } else {
      // The server failed (500) or the network did: say so and try again, backing off.
      retryIn = Math.min(60, retryIn ? retryIn * 2 : 2);
      status(form.dataset.failed.replace("{n}", retryIn), true);
      schedule(retryIn * 1000);
      return;
    }
    if (again || Array.from(dirty).some((name) => !pending().has(name))) {
      again = false;
      schedule(300);
    }
  }

  const changed = (event) => {
    const name = event.target.name;
    if (!event.target.closest("#application-form") || !isDraftField(name)) return;
    if (!dirty.has(name) && savedValue[name] === valueOf(name)) return; // left as it was
    dirty.add(name);
    keep(name);
    schedule(event.type === "input" && event.target.type !== "checkbox" ? 1500 : 200);
  };
  document.addEventListener("input", changed);
  document.addEventListener("change", changed);

  // --- Choosing in a conflict -----------------------------------------------------------
  document.addEventListener("click", (event) => {
    const button = event.target.closest("#draft-conflicts [data-keep]");
    if (!button) return;
    event.preventDefault();
    const name = button.dataset.field;
    const section = button.closest("[data-conflict]");
    const panel = document.getElementById("draft-conflicts");
    if (button.dataset.keep === "theirs") {
      setValue(name, button.dataset.text);
      baseInput(name).value = button.dataset.version;
      dirty.delete(name);
      forget(name);
    } else {
      rebase(name, button.dataset.version);
      baseInput(name).value = button.dataset.version;
      dirty.add(name);
      keep(name);
      const kept = load();
      kept.bases[name] = button.dataset.version;
      store(kept);
    }
    section.remove();
    if (!panel.querySelector("[data-conflict]")) panel.innerHTML = "";
    const field = elements(name)[0];
    if (field) field.focus();
    schedule(0);
  });

  // --- Putting back what was not saved --------------------------------------------------
  const reconcile = (onLoad) => {
    const kept = load();
    const held = pending();
    let restored = false;
    for (const name of Object.keys(kept.values)) {
      if (!isDraftField(name) || held.has(name)) continue;
      if (valueOf(name) === kept.values[name]) {
        dirty.delete(name);
        forget(name);
      } else if (onLoad) {
        setValue(name, kept.values[name]);
        baseInput(name).value = kept.bases[name];
        dirty.add(name);
        restored = true;
      }
    }
    return restored;
  };
  const remember = () => {
    formEl().querySelectorAll("input[type=hidden][name^=base_]").forEach((input) => {
      const name = input.name.slice(5);
      savedValue[name] = valueOf(name);
    });
  };
  remember();
  if (reconcile(true)) {
    status(form0.dataset.restored);
    schedule(0);
  }
  // The editor is redrawn by the list's buttons (they send the whole form): what it saved
  // is no longer "unsaved".
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.elt && event.detail.elt.id === "application-editor") {
      reconcile(false);
      remember();
    }
  });
})();

// A live countdown to the deadline, in whole seconds. The visible text is not a live
// region (it would speak every second); a separate status line announces 60, 15, 5 and 1
// minutes left, and the close.
(() => {
  const line = document.getElementById("deadline-countdown");
  if (!line) return;
  const announce = document.getElementById("deadline-announce");
  const deadline = Number(line.dataset.deadline) * 1000;
  const offset = Number(line.dataset.now) * 1000 - Date.now(); // the browser's clock may be off
  const marks = [60, 15, 5, 1];
  const firstLeft = (deadline - Date.now() - offset) / 60000;
  const said = new Set(marks.filter((mark) => firstLeft <= mark));
  const pad = (n) => String(n).padStart(2, "0");
  let interval = null;
  const render = () => {
    const left = deadline - (Date.now() + offset);
    if (left <= 0) {
      line.textContent = line.dataset.closed;
      announce.textContent = line.dataset.closed;
      clearInterval(interval);
      return;
    }
    const s = Math.floor(left / 1000);
    const days = Math.floor(s / 86400);
    const clock = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    const dayText = days ? `${days} ${days === 1 ? line.dataset.day : line.dataset.days} ` : "";
    line.textContent = `${line.dataset.left} ${dayText}${clock}`;
    for (const mark of marks) {
      if (left / 60000 <= mark && !said.has(mark)) {
        said.add(mark);
        announce.textContent = announce.dataset.minutes.replace("{n}", mark);
      }
    }
  };
  line.hidden = false;
  render();
  interval = setInterval(render, 1000);
})();
