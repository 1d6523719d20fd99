// Paste a block copied from Excel into a grid: fills the inputs of the following rows and columns.
document.addEventListener("paste", function (e) {
  var el = e.target;
  if (!(el instanceof HTMLInputElement) || el.type === "file" || el.type === "hidden") return;
  var tabel = el.closest("[data-grid]");
  if (!tabel) return;
  var teks = (e.clipboardData || window.clipboardData).getData("text");
  if (teks.indexOf("\t") < 0 && teks.indexOf("\n") < 0) return; // a single value: normal paste
  e.preventDefault();
  var baris = teks.replace(/\r/g, "").replace(/\n$/, "").split("\n").map(function (b) { return b.split("\t"); });
  var semuaBaris = Array.prototype.slice.call(tabel.querySelectorAll("tbody tr"));
  var isian = function (tr) {
    return Array.prototype.slice.call(tr.querySelectorAll("input")).filter(function (i) {
      return i.type !== "hidden" && i.type !== "file" && !i.disabled;
    });
  };
  var trAwal = el.closest("tr");
  var iBaris = semuaBaris.indexOf(trAwal);
  var iKolom = isian(trAwal).indexOf(el);
  baris.forEach(function (sel, r) {
    var tr = semuaBaris[iBaris + r];
    if (!tr) return;
    var inputs = isian(tr);
    sel.forEach(function (nilai, c) {
      var input = inputs[iKolom + c];
      if (!input) return;
      input.value = nilai.trim();
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
});

// An evidence input shows the chosen file's name in its button.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (!(el instanceof HTMLInputElement) || el.type !== "file" || !el.closest(".btn-berkas")) return;
  var label = el.closest(".btn-berkas");
  label.firstChild.textContent = el.files.length ? el.files[0].name.slice(0, 18) : "Pilih berkas";
});

// A form that asks before it is sent (removing an evidence file): data-konfirmasi holds the question.
document.addEventListener("submit", function (e) {
  var tanya = e.target.dataset && e.target.dataset.konfirmasi;
  if (tanya && !window.confirm(tanya)) e.preventDefault();
});
