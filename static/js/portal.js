// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
// Filter forms marked data-autosubmit update their results as the person changes them.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && window.htmx) htmx.trigger(form, "submit");
});
// After htmx swaps the result list, tell screen readers how many were found.
document.addEventListener("htmx:afterSwap", (event) => {
  const status = document.getElementById("result-status");
  const count = event.detail.target.querySelector("[data-result-count]");
  if (status && count) status.textContent = count.dataset.resultCount;
});
