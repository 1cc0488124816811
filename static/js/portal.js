// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
// Filter forms marked data-autosubmit update their results as the person changes them.
// Text fields are left out: they submit with Enter, and Enter also fires "change", which
// sent the search twice (the second answer replaced the results under the reader).
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  const typed = event.target.matches("input[type=text], input[type=search], textarea");
  if (form && window.htmx && !typed) htmx.trigger(form, "submit");
});
// After htmx swaps the result list, tell screen readers how many were found. The swap
// replaces #results itself (outerHTML), so the count is read from the page as it is
// now, never from the element that was swapped out.
document.addEventListener("htmx:afterSettle", () => {
  const status = document.getElementById("result-status");
  const count = document.querySelector("#results [data-result-count]");
  if (!status || !count) return;
  const text = count.dataset.resultCount;
  // The same count again is still news after a new filter: empty the region first so
  // that screen readers speak it again.
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50);
});

// A page that came back with form errors: focus goes to the summary at the top, so that
// screen readers read it first; each of its links puts focus in the field it is about.
(() => {
  const summary = document.getElementById("error-summary");
  if (!summary) return;
  // An error carried over a redirect names its field: tie it to the field as the form's
  // own errors are (aria-invalid, aria-describedby, the text beside it). A field not on
  // this page leaves the error as plain text.
  summary.querySelectorAll("a[data-flash]").forEach((link, n) => {
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      link.replaceWith(document.createTextNode(link.textContent));
      return;
    }
    const note = document.createElement("div");
    note.id = `${field.id}_carried_error_${n}`;
    note.className = "invalid-feedback d-block";
    note.textContent = link.textContent;
    const place = field.closest(".form-check") || field;
    place.insertAdjacentElement("afterend", note);
    field.classList.add("is-invalid");
    field.setAttribute("aria-invalid", "true");
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${note.id}` : note.id);
  });
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-error-link]");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();

// The session warning (WCAG 2.2.1, Timing Adjustable): before the session ends unused the
// page says so, with a button to stay signed in; once it has ended it says that, with a
// link to sign in again (text typed on the page is kept in sessionStorage meanwhile).
// Every answer from the server says how long the session has left (X-Session-Expires-In);
// tabs share what they learn through localStorage, as they share the session.
(() => {
  const timer = document.getElementById("session-timer");
  if (!timer) return;
  const warning = document.getElementById("session-warning");
  const ended = document.getElementById("session-ended");
  const text = document.getElementById("session-warning-text");
  const stay = document.getElementById("session-stay");
  const warnFor = Number(timer.dataset.warn) || 120;
  const SHARED = "portal:session-ends-at";
  let endsAt = Date.now() + Number(timer.dataset.expiresIn) * 1000;
  let signedOut = false;
  let returnFocus = null;

  const hideWarning = () => {
    if (warning.hidden) return;
    warning.hidden = true;
    if (returnFocus && document.activeElement === stay) returnFocus.focus();
    returnFocus = null;
  };
  const showEnded = (loginUrl) => {
    if (signedOut) return;
    signedOut = true;
    warning.hidden = true;
    const link = document.getElementById("session-sign-in");
    if (loginUrl) link.href = loginUrl;
    ended.hidden = false;
    link.focus();
  };
  const update = (seconds, share = true) => {
    if (signedOut || !Number.isFinite(seconds)) return;
    endsAt = Date.now() + seconds * 1000;
    if (share) {
      try { localStorage.setItem(SHARED, String(endsAt)); } catch (e) { /* private mode */ }
    }
    if (seconds > warnFor) hideWarning();
  };
  window.addEventListener("storage", (event) => {
    if (event.key === SHARED && event.newValue && !signedOut) {
      endsAt = Math.max(endsAt, Number(event.newValue));
      if (endsAt - Date.now() > warnFor * 1000) hideWarning();
    }
  });
  const tick = () => {
    if (signedOut) return;
    const left = Math.round((endsAt - Date.now()) / 1000);
    if (left <= 0) {
      showEnded();
    } else if (left <= warnFor) {
      text.textContent = text.dataset.warning.replace("{n}", left);
      if (warning.hidden) {
        returnFocus = document.activeElement;
        warning.hidden = false;
        stay.focus();
      }
    }
  };
  setInterval(tick, 1000);

  stay.addEventListener("click", async () => {
    const token = document.querySelector("[name=csrfmiddlewaretoken]");
    try {
      const response = await fetch(timer.dataset.keepalive, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (response.status === 401) showEnded(answer.login_url);
      else if (response.ok) update(answer.expires_in);
    } catch (e) {
      text.textContent = text.dataset.warning.replace("{n}", Math.max(0, Math.round((endsAt - Date.now()) / 1000)));
    }
  });

  // What other scripts use: the autosave reports answers; a 401 means signed out.
  window.portalSession = {
    seen(response) {
      const seconds = Number(response.headers.get("X-Session-Expires-In"));
      if (response.headers.has("X-Session-Expires-In")) update(seconds);
    },
    signedOut: showEnded,
    isSignedOut: () => signedOut,
  };
  document.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    if (!xhr) return;
    if (xhr.status === 401) {
      let url = null;
      try { url = JSON.parse(xhr.responseText).login_url; } catch (e) { /* not JSON */ }
      showEnded(url);
      return;
    }
    const seconds = xhr.getResponseHeader("X-Session-Expires-In");
    if (seconds !== null) update(Number(seconds));
  });
  // Once signed out, a form sent the plain way would only meet the login page and lose
  // what it carried: say so instead (the text stays in this browser).
  document.addEventListener("submit", (event) => {
    if (signedOut && (event.target.method || "").toLowerCase() === "post") {
      event.preventDefault();
      event.stopImmediatePropagation();
      ended.hidden = false;
      document.getElementById("session-sign-in").focus();
    }
  }, true);
})();

// Signing out on purpose: text kept for this tab's drafts goes too (a shared computer).
document.addEventListener("submit", (event) => {
  if (!event.target.matches("form[action$='/accounts/logout/']")) return;
  try {
    Object.keys(sessionStorage)
      .filter((key) => key.startsWith("draft:"))
      .forEach((key) => sessionStorage.removeItem(key));
  } catch (e) { /* storage unavailable */ }
});
