// Behaviour of every page, kept out of the HTML: the Content-Security-Policy allows no inline
// script or on* attribute (docs/keamanan.md).

// A <select data-kirim-otomatis> submits its form as soon as another option is chosen.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-kirim-otomatis") && el.form) {
    if (el.form.requestSubmit) el.form.requestSubmit();
    else el.form.submit();
  }
});

// A form with data-pola-url goes to that URL with its period in place of /TW1/ (the period is a
// part of the path, not a query parameter).
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-pola-url")) return;
  e.preventDefault();
  var periode = form.elements.namedItem("periode");
  window.location.href = form.getAttribute("data-pola-url").replace("/TW1/", "/" + encodeURIComponent(periode.value) + "/");
});
