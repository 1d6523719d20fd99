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

// A form with data-dialog="ID" first opens that <dialog>, which spells out what the action does;
// its data-yakin button sends the form. The server checks again whatever the dialog asks
// (kinerja.alur), so without this script the form is simply sent.
function isianBelumDisimpan(grid) {
  // Inputs of the grid whose value differs from the one the page was loaded with.
  return Array.prototype.filter.call(grid.querySelectorAll("input, textarea, select"), function (el) {
    if (el.disabled || el.type === "hidden") return false;
    if (el.type === "file") return el.files && el.files.length > 0;
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el instanceof HTMLSelectElement) {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  });
}

document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.dialog) return;
  if (form.dataset.terkonfirmasi === "1") {
    delete form.dataset.terkonfirmasi;
    return;
  }
  var dialog = document.getElementById(form.dataset.dialog);
  if (!dialog || typeof dialog.showModal !== "function") return;
  e.preventDefault();
  var grid = form.dataset.cekGrid && document.getElementById(form.dataset.cekGrid);
  if (grid) {
    var kotor = isianBelumDisimpan(grid);
    dialog.querySelectorAll("[data-belum-simpan]").forEach(function (el) { el.hidden = kotor.length === 0; });
    // With unsaved values, saving is the main choice and submitting says what it leaves out.
    var yakin = dialog.querySelector("[data-yakin]");
    var simpan = dialog.querySelector("button[data-belum-simpan]");
    if (!yakin.dataset.label) yakin.dataset.label = yakin.textContent;
    yakin.textContent = kotor.length && yakin.dataset.labelKotor ? yakin.dataset.labelKotor : yakin.dataset.label;
    yakin.classList.toggle("btn-primary", kotor.length === 0);
    if (simpan) simpan.classList.toggle("btn-primary", kotor.length > 0);
    var daftar = dialog.querySelector("[data-daftar]");
    if (daftar) {
      daftar.textContent = "";
      kotor.slice(0, 5).forEach(function (el) {
        var li = document.createElement("li");
        li.textContent = el.getAttribute("aria-label") || el.name;
        daftar.appendChild(li);
      });
      if (kotor.length > 5) {
        var lagi = document.createElement("li");
        lagi.textContent = "dan " + (kotor.length - 5) + " isian lainnya";
        daftar.appendChild(lagi);
      }
    }
  }
  dialog.showModal();
  // With unsaved values "Simpan dulu" is the first choice; otherwise the confirmation itself.
  var utama = dialog.querySelector("button[data-belum-simpan]:not([hidden])") || dialog.querySelector("[data-yakin]");
  if (utama) utama.focus();
});

document.addEventListener("click", function (e) {
  var tombol = e.target instanceof Element && e.target.closest("dialog [data-tutup], dialog [data-yakin]");
  if (!tombol) return;
  var dialog = tombol.closest("dialog");
  dialog.close();
  if (!tombol.hasAttribute("data-yakin")) return;
  var form = document.getElementById(tombol.getAttribute("data-yakin"));
  // The dialog asked the form's question ("Tetap ajukan?") and was answered yes.
  form.querySelectorAll("input[name=yakin]").forEach(function (c) { c.checked = true; });
  form.dataset.terkonfirmasi = "1";
  if (form.requestSubmit) form.requestSubmit();
  else form.submit();
});
