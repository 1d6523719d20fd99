// A session that ends while a page is open must not cost what was typed (docs/keamanan.md).
// - An htmx request of an ended session gets 401 (sakip/sesi.py): nothing is swapped, the
//   "Sesi Anda berakhir" banner is shown.
// - A form marked data-jaga-sesi (the editors) asks /sesi/ before it is sent; when the session
//   has ended it is not sent, the page stays as it is and the banner is shown. A login in another
//   tab rotates the CSRF token: /sesi/ returns the current one and the page takes it.
// - What is typed in such a form is kept in sessionStorage (this tab only: office computers are
//   shared) until the server has answered a save, and offered back when the page comes back with
//   other values. Only visible inputs are kept and refilled, never the hidden starting values
//   (initial-*) that the server compares against to find conflicts.
(function () {
  "use strict";

  var bannerSesi = document.getElementById("sesi-berakhir");
  var bannerGalat = document.getElementById("sesi-galat");
  var bannerPulih = document.getElementById("isian-pulih");
  if (!bannerSesi) return;
  var tautanMasuk = bannerSesi.querySelector("[data-masuk-lagi]");
  var urlMasuk = tautanMasuk.getAttribute("href").split("?")[0];
  var urlSesi = bannerSesi.getAttribute("data-url-sesi");

  // --- the banner -------------------------------------------------------------------------

  function tampilkanBanner() {
    tautanMasuk.href = urlMasuk + "?next=" + encodeURIComponent(location.pathname + location.search);
    if (bannerGalat) bannerGalat.hidden = true;
    bannerSesi.hidden = false;
  }

  function sembunyikanBanner() {
    bannerSesi.hidden = true;
    if (bannerGalat) bannerGalat.hidden = true;
  }

  function pakaiToken(token) {
    if (!token) return;
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (i) { i.value = token; });
    var body = document.body;
    try {
      var h = JSON.parse(body.getAttribute("hx-headers") || "{}");
      h["X-CSRFToken"] = token;
      body.setAttribute("hx-headers", JSON.stringify(h));
    } catch (e) { /* no htmx headers on this page */ }
  }

  // "ok" (signed in; the token is taken), "berakhir" (ended) or "galat" (no answer).
  function cekSesi() {
    return fetch(urlSesi, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.status === 204) {
        pakaiToken(r.headers.get("X-CSRFToken"));
        sembunyikanBanner();
        return "ok";
      }
      return r.status === 401 ? "berakhir" : "galat";
    }, function () { return "galat"; });
  }

  document.addEventListener("htmx:responseError", function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 401) tampilkanBanner();
  });

  // Back from the other tab: hide the banner once the session is there again.
  function diLihatLagi() {
    if (!bannerSesi.hidden && document.visibilityState === "visible") cekSesi();
  }
  window.addEventListener("focus", diLihatLagi);
  document.addEventListener("visibilitychange", diLihatLagi);

  // --- what was typed ---------------------------------------------------------------------

  var JENIS_TEKS = ["text", "number", "search", "email", "tel", "url", "date"];

  function formJaga() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-jaga-sesi]"));
  }

  function kunciForm(form, i) { return form.id || "form-" + i; }

  function isianTerlihat(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.readOnly || el.name.indexOf("initial-") === 0) return false;
      if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return !el.multiple;
      return el instanceof HTMLInputElement && JENIS_TEKS.indexOf(el.type) >= 0;
    });
  }

  function nilaiAwal(el) {
    if (el instanceof HTMLSelectElement) {
      for (var i = 0; i < el.options.length; i++) if (el.options[i].defaultSelected) return el.options[i].value;
      return el.options.length ? el.options[0].value : "";
    }
    return el.defaultValue;
  }

  function kunciDraf() {
    var pengguna = bannerPulih ? bannerPulih.getAttribute("data-pengguna") : "";
    return "sakip-isian:" + pengguna + ":" + location.pathname + location.search;
  }

  function bacaDraf() {
    try { return JSON.parse(sessionStorage.getItem(kunciDraf()) || "null"); } catch (e) { return null; }
  }

  function hapusDraf() {
    try { sessionStorage.removeItem(kunciDraf()); } catch (e) { /* storage unavailable */ }
  }

  // The values that differ from what the page was loaded with, per form.
  function simpanDraf(terkirim) {
    var isi = {}, ada = false;
    formJaga().forEach(function (form, i) {
      var berubah = {};
      isianTerlihat(form).forEach(function (el) {
        if (el.value !== nilaiAwal(el)) { berubah[el.name] = el.value; ada = true; }
      });
      isi[kunciForm(form, i)] = berubah;
    });
    try {
      if (ada) sessionStorage.setItem(kunciDraf(), JSON.stringify({ isi: isi, terkirim: !!terkirim }));
      else hapusDraf();
    } catch (e) { /* storage full or unavailable: the page itself still holds the values */ }
  }

  var tunda = null;
  function simpanNanti() {
    clearTimeout(tunda);
    tunda = setTimeout(function () { tunda = null; simpanDraf(false); }, 300);
  }

  document.addEventListener("input", function (e) {
    if (e.target.form && e.target.form.hasAttribute("data-jaga-sesi")) simpanNanti();
  });
  document.addEventListener("change", function (e) {
    if (e.target.form && e.target.form.hasAttribute("data-jaga-sesi")) simpanNanti();
  });
  window.addEventListener("pagehide", function () {
    // Typed in the last moment before leaving (not on a save: that one is already written).
    if (tunda !== null) { clearTimeout(tunda); tunda = null; simpanDraf(false); }
  });

  // Draft values that differ from the page as loaded now: [element, value].
  function selisih(draf) {
    var hasil = [];
    formJaga().forEach(function (form, i) {
      var berubah = (draf.isi || {})[kunciForm(form, i)] || {};
      isianTerlihat(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(berubah, el.name) && berubah[el.name] !== el.value) {
          hasil.push([el, berubah[el.name]]);
        }
      });
    });
    return hasil;
  }

  function tawarkanPulih() {
    if (!bannerPulih || !formJaga().length) return;
    var draf = bacaDraf();
    if (!draf) return;
    // A save that reached the server comes back with its message (saved, nothing changed,
    // refused with the typed values on the page): nothing to restore.
    if (draf.terkirim && document.querySelector(".messages")) { hapusDraf(); return; }
    var beda = selisih(draf);
    if (!beda.length) { hapusDraf(); return; }
    bannerPulih.querySelector("[data-jumlah]").textContent = String(beda.length);
    bannerPulih.hidden = false;
    bannerPulih.querySelector("[data-pulihkan]").addEventListener("click", function () {
      selisih(draf).forEach(function (pasangan) {
        pasangan[0].value = pasangan[1];
        // As if typed: live capaian and totals recompute, the draft follows.
        pasangan[0].dispatchEvent(new Event("input", { bubbles: true }));
        pasangan[0].dispatchEvent(new Event("change", { bubbles: true }));
      });
      bannerPulih.hidden = true;
    });
    bannerPulih.querySelector("[data-buang]").addEventListener("click", function () {
      hapusDraf();
      bannerPulih.hidden = true;
    });
  }

  // --- saving -----------------------------------------------------------------------------

  // A form with file inputs but no file chosen goes URL-encoded: a 200-row grid is 1,600 fields,
  // which the server reads in a few milliseconds this way and in about 80 as multipart parts.
  // The entry list and the encoding are taken after the submit event, so the change applies to
  // this submission; it is undone at once, for a later one with a file.
  function tanpaBerkasTanpaMultipart(form) {
    if (form.getAttribute("enctype") !== "multipart/form-data") return;
    var berkas = form.querySelectorAll('input[type="file"]');
    for (var i = 0; i < berkas.length; i++) {
      if (berkas[i].files && berkas[i].files.length) return;
    }
    form.setAttribute("enctype", "application/x-www-form-urlencoded");
    setTimeout(function () {
      form.setAttribute("enctype", "multipart/form-data");
    }, 0);
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-jaga-sesi")) return;
    if (form.getAttribute("data-sesi") === "lanjut") {
      // Checked (or the check could not answer twice): it goes; the draft waits for the answer.
      form.removeAttribute("data-sesi");
      clearTimeout(tunda);
      tunda = null;
      simpanDraf(true);
      tanpaBerkasTanpaMultipart(form);
      return;
    }
    e.preventDefault();
    if (form.getAttribute("data-sesi") === "menunggu") return;
    var sebelumnya = form.getAttribute("data-sesi");
    form.setAttribute("data-sesi", "menunggu");
    var pengirim = e.submitter || null;
    cekSesi().then(function (hasil) {
      if (hasil === "berakhir") {
        form.removeAttribute("data-sesi");
        simpanDraf(false);
        tampilkanBanner();
        return;
      }
      if (hasil === "galat" && sebelumnya !== "galat") {
        // No answer: keep the page; a second try is sent as it is.
        form.setAttribute("data-sesi", "galat");
        if (bannerGalat) bannerGalat.hidden = false;
        return;
      }
      form.setAttribute("data-sesi", "lanjut");
      if (form.requestSubmit) form.requestSubmit(pengirim);
      else form.submit();
    });
  });

  tawarkanPulih();
})();
