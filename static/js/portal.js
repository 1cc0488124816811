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
// After htmx swaps the result list, tell screen readers how many were found.
document.addEventListener("htmx:afterSwap", (event) => {
  const status = document.getElementById("result-status");
  const count = event.detail.target.querySelector("[data-result-count]");
  if (status && count) status.textContent = count.dataset.resultCount;
});
