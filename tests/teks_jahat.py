"""Hostile text in every text field of the database, and a check that a page shows it escaped.

`racuni()` overwrites every CharField and TextField of every row of the project's models (history
tables included) with markup that runs script when it is written unescaped, and renames every
stored file to a hostile name (the file moves with it). Each value carries its own marker
(`XSS00017`), so a test can say which field reached which page. `periksa_html()` finds the
markup unescaped in a response: a raw fragment of the payload, an element with an on* attribute,
or an inline <script>.
"""

from __future__ import annotations

import itertools
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

APLIKASI = {"sakip", "renstra", "kinerja", "anggaran", "laporan", "reviu", "lke"}
PANJANG = '<script>alert("{m}")</script>"\'><img src=x onerror=alert(1)>{m}'
PENDEK = "\"'><b>{m}"  # fields shorter than PANJANG (predicates of 20 characters)
TERPENDEK = "<{m}"  # fields of 9 or 10 characters (a golongan): an element if written unescaped
BERKAS = "\"'><img src=x onerror=alert(1)>{m}"  # a file name: no slash
MENTAH = ("<script>alert", "<img src=x", "\"'><b>", "\"'><img")
POLA_PENANDA = re.compile(r"XSS\d{5}")

# Not overwritten, each for its reason (every other text field is):
LEWATI = {
    # a password hash, never shown; the test signs in with force_login
    ("sakip.pengguna", "password"),
    # machine identifiers written by the application, never typed by a person: the kind of an
    # import (which flow reads it), a finding's check code and its severity
    ("sakip.berkasimpor", "jenis"),
    ("kinerja.temuanreviu", "kode"),
    ("kinerja.temuanreviu", "tingkat"),
    # a predicate of the indicator's scale (AA, BB, WTP...), validated at every door against the
    # scale; the measurement reads it as a position on that scale
    ("renstra.indikator", "baseline_teks"),
    ("renstra.indikator", "target_akhir_teks"),
    ("renstra.targetindikator", "nilai_teks"),
    ("renstra.pembanding", "nilai_teks"),
    ("kinerja.itempk", "target_teks"),
    ("kinerja.rencanaaksi", "target_teks"),
    ("kinerja.realisasi", "nilai_teks"),
    # fingerprints compared with the data's (a hostile one only makes the PDF "out of date")
    ("laporan.berkaspdf", "sha256"),
}


def _lewati(model, medan):
    label = model._meta.label_lower.replace("historical", "")
    return (label, medan.name) in LEWATI or (model._meta.label_lower, medan.name) in LEWATI


def _medan_teks(model):
    for f in model._meta.concrete_fields:
        if not isinstance(f, (models.CharField, models.TextField)) or isinstance(f, models.SlugField):
            continue
        if f.primary_key or f.choices or _lewati(model, f):
            continue
        yield f


def _medan_berkas(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField) and not _lewati(model, f)]


def model_proyek():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in APLIKASI and not m._meta.proxy and m._meta.managed and not m._meta.auto_created
    ]


class Racun:
    """What was written: marker -> (model label, field name, pk)."""

    def __init__(self):
        self.penanda = {}
        self._n = itertools.count(1)

    def nilai(self, model, medan, pk, pola=None):
        m = f"XSS{next(self._n):05d}"
        self.penanda[m] = (model._meta.label_lower, medan.name, pk)
        if pola is not None:
            return pola.format(m=m)
        batas = getattr(medan, "max_length", None)
        for kandidat in (PANJANG, PENDEK, TERPENDEK):
            teks = kandidat.format(m=m)
            if batas is None or len(teks) <= batas:
                return teks
        raise AssertionError(f"{model._meta.label}.{medan.name} terlalu pendek untuk teks uji")


def _pindah_berkas(racun, model, medan, pk, nama):
    """The stored file under a hostile name in the same folder; the new name."""
    if not nama:
        return nama
    asal = Path(settings.MEDIA_ROOT) / nama
    folder, akhiran = os.path.dirname(nama), os.path.splitext(nama)[1]
    baru = f"{folder}/{racun.nilai(model, medan, pk, BERKAS)}{akhiran}"
    tujuan = Path(settings.MEDIA_ROOT) / baru
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    if asal.is_file():
        tujuan.write_bytes(asal.read_bytes())
    else:
        tujuan.write_bytes(b"")
    return baru


def racuni(racun=None):
    """Overwrite every text field and stored file name of every row (see the module's docstring)."""
    racun = racun or Racun()
    for model in model_proyek():
        teks, berkas = list(_medan_teks(model)), _medan_berkas(model)
        if not teks and not berkas:
            continue
        pengelola = model._base_manager
        for baris in pengelola.values("pk", *[f.attname for f in berkas]):
            pk = baris["pk"]
            nilai = {f.attname: racun.nilai(model, f, pk) for f in teks}
            for f in berkas:
                # A file shared by several rows (history) is moved once per row; each gets a copy.
                nilai[f.attname] = _pindah_berkas(racun, model, f, pk, baris[f.attname])
            pengelola.filter(pk=pk).update(**nilai)
    return racun


class _Pengurai(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.salah = []
        self._dalam_skrip = False

    def handle_starttag(self, tag, attrs):
        for nama, nilai in attrs:
            if nama.lower().startswith("on"):
                self.salah.append(f"<{tag}> dengan atribut {nama}={nilai!r}")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.salah.append("<img src=x>")
        if tag == "script":
            if not dict(attrs).get("src"):
                self._dalam_skrip = True
                self.salah.append("<script> tanpa src")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._dalam_skrip = False


def periksa_html(teks):
    """What in an HTML (or SVG) text shows hostile markup unescaped; empty when all is escaped."""
    salah = [f"teks mentah {m!r}" for m in MENTAH if m in teks]
    salah += [f"teks mentah {m!r}" for m in sorted(set(re.findall(r"<XSS\d{5}", teks)))]
    pengurai = _Pengurai()
    pengurai.feed(teks)
    pengurai.close()
    return salah + pengurai.salah


def penanda_dalam(teks):
    return set(POLA_PENANDA.findall(teks))
