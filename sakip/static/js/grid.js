// Grids (static/css "Grids"): every cell's input names its column (data-kolom: nilai, keterangan,
// pembilang, t2025 …) and a number cell its kind (data-angka); sakip.isian.SelIsian writes both.
// The server reads and judges every value again (sakip.angka): these checks only answer sooner.

// Looks like a number written the Indonesian way (digits, dots, one comma, Rp/%, a sign)?
// Blank is fine (clears the cell). The exact rules (ambiguous dots …) stay the server's.
function tampakAngka(teks) {
  var s = (teks || "").trim();
  if (!s) return true;
  return /^[-+\u2212]?\s*(rp\.?\s*)?[-+\u2212]?\s*[0-9][0-9.,]*\s*%?$/i.test(s);
}
var PESAN_ANGKA = "Isi dengan angka, mis. 1.234,56";

function isianGrid(tr) {
  // The cells of a row that a paste may fill: text inputs and textareas with a column name.
  return Array.prototype.slice.call(tr.querySelectorAll("input[data-kolom], textarea[data-kolom]")).filter(function (i) {
    return i.type !== "hidden" && i.type !== "file" && i.type !== "checkbox" && i.type !== "radio";
  });
}

// A row's cells with their column keys; a name met again in the row (rencana aksi: a target per
// quarter) is numbered: target, aksi, target#2, aksi#2 …
function selBaris(tr) {
  var kali = {};
  return isianGrid(tr).map(function (i) {
    var k = i.dataset.kolom;
    kali[k] = (kali[k] || 0) + 1;
    return { k: kali[k] > 1 ? k + "#" + kali[k] : k, el: i };
  });
}

// The grid's column order: every row's columns merged in their order (a ratio row's
// pembilang, penyebut come before the nilai every row has).
function urutanKolom(semuaBaris) {
  var urut = [];
  semuaBaris.forEach(function (tr) {
    var sebelum = -1;
    selBaris(tr).forEach(function (x) {
      var k = x.k, ada = urut.indexOf(k);
      if (ada < 0) { urut.splice(sebelum + 1, 0, k); ada = sebelum + 1; }
      sebelum = ada;
    });
  });
  return urut;
}

// The plan of a paste, without touching the page: pure, so it can be tested on its own.
// rows: [{nama, sel: {kolom: {angka: bool, terkunci: bool}}}] from the pasted row down; blok: the
// pasted lines split by tab; urut: column order; mulai: the pasted column.
// Returns {isi: [{baris, kolom, nilai}], tolak: [pesan], lewat: n values with no such column}.
function rencanaTempel(rows, blok, urut, mulai) {
  var kolom = urut.slice(urut.indexOf(mulai));
  var hasil = { isi: [], tolak: [], lewat: 0 };
  blok.forEach(function (sel, r) {
    var baris = rows[r];
    if (!baris) { hasil.lewat += sel.length; return; }
    var isi = [], salah = null;
    sel.forEach(function (nilai, c) {
      var k = kolom[c], tujuan = k && baris.sel[k];
      nilai = nilai.trim();
      if (!tujuan || tujuan.terkunci) { if (nilai) hasil.lewat += 1; return; }
      if (tujuan.angka && !tampakAngka(nilai)) {
        salah = salah || ("Baris " + baris.nama + ": '" + nilai + "' bukan angka (" + PESAN_ANGKA + "); baris ini tidak diubah.");
        return;
      }
      isi.push({ baris: r, kolom: k, nilai: nilai });
    });
    if (salah) hasil.tolak.push(salah);
    else hasil.isi = hasil.isi.concat(isi);
  });
  return hasil;
}

function namaBaris(tr) {
  if (tr.dataset.baris) return tr.dataset.baris;
  var sel = tr.querySelector("td");
  return sel ? sel.textContent.trim().split("\n")[0].slice(0, 60) : "?";
}

function tandaiSel(input, pesan) {
  var sel = input.parentNode;
  var ada = sel.querySelector(".pesan-sel[data-untuk='" + input.name + "']");
  if (pesan) {
    input.setAttribute("aria-invalid", "true");
    if (!ada) {
      ada = document.createElement("span");
      ada.className = "pesan-sel";
      ada.setAttribute("role", "alert");
      ada.dataset.untuk = input.name;
      ada.id = "pesan-" + input.name;
      input.insertAdjacentElement("afterend", ada);
    }
    ada.textContent = pesan;
    input.setAttribute("aria-describedby", ada.id);
  } else if (ada) {
    ada.remove();
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

function pesanTempel(tabel, daftar) {
  var kotak = tabel.parentNode.querySelector(".pesan-tempel");
  if (!kotak) {
    kotak = document.createElement("div");
    kotak.className = "msg msg-error pesan-tempel";
    kotak.setAttribute("role", "alert");
    tabel.insertAdjacentElement("beforebegin", kotak);
  }
  kotak.textContent = "";
  kotak.hidden = daftar.length === 0;
  if (!daftar.length) return;
  kotak.appendChild(document.createTextNode("Sebagian tempelan ditolak:"));
  var ul = document.createElement("ul");
  daftar.forEach(function (p) { var li = document.createElement("li"); li.textContent = p; ul.appendChild(li); });
  kotak.appendChild(ul);
}

// A number cell says at once when it holds text ("abc"); the server's message stays the authority.
document.addEventListener("input", function (e) {
  var el = e.target;
  if (!(el instanceof HTMLInputElement) || !el.dataset.angka || !el.closest("[data-grid]")) return;
  tandaiSel(el, tampakAngka(el.value) ? null : PESAN_ANGKA);
});

// Paste a block copied from Excel: its columns go to the grid's columns by name from the pasted
// one on, its lines to the rows below; a row without that column is skipped, never shifted into
// another kind of cell; text for a number cell refuses that whole row.
document.addEventListener("paste", function (e) {
  var el = e.target;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || !el.dataset.kolom) return;
  var tabel = el.closest("[data-grid]");
  if (!tabel) return;
  var teks = (e.clipboardData || window.clipboardData).getData("text");
  if (teks.indexOf("\t") < 0 && teks.indexOf("\n") < 0) return; // a single value: normal paste
  e.preventDefault();
  var blok = teks.replace(/\r/g, "").replace(/\n$/, "").split("\n").map(function (b) { return b.split("\t"); });
  // Rows that have cells (group headings have none); hidden rows are not pasted into.
  var semuaBaris = Array.prototype.slice.call(tabel.querySelectorAll("tbody tr")).filter(function (tr) {
    return tr.offsetParent !== null && isianGrid(tr).length > 0;
  });
  var urut = urutanKolom(semuaBaris);
  var dari = semuaBaris.slice(semuaBaris.indexOf(el.closest("tr")));
  var mulai = null;
  var rows = dari.map(function (tr) {
    var sel = {};
    selBaris(tr).forEach(function (x) {
      var i = x.el;
      if (i === el) mulai = x.k;
      sel[x.k] = { angka: !!i.dataset.angka, terkunci: i.disabled || i.readOnly, el: i };
    });
    return { nama: namaBaris(tr), sel: sel };
  });
  if (mulai === null) return; // the pasted cell's row is hidden
  var rencana = rencanaTempel(rows, blok, urut, mulai);
  rencana.isi.forEach(function (x) {
    var input = rows[x.baris].sel[x.kolom].el;
    input.value = x.nilai;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  pesanTempel(tabel, rencana.tolak);
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
