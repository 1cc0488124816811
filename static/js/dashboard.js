// The printable dashboard's print button (the page itself works without this file).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
