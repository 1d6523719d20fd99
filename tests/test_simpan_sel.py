"""Random edits in the realisation grid of demo offices: exactly the edited cells change (issue #14).

Each example loads the grid as a browser does, types new values into a random set of cells,
posts the whole form back, and compares every table before and after: the edited rows carry the
new values (and a value that follows a changed pembilang/penyebut), and nothing else changed but
their bookkeeping (who, when, revision) and one history row each.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.entri import jenis_nilai
from kinerja.models import Realisasi
from renstra.models import Indikator
from sakip.angka import JenisAngka
from sakip.formatting import format_isian
from sakip.models import Pengguna
from tests.formulir import isi_formulir
from tests.potret import potret

pytestmark = pytest.mark.django_db

LAYAR = [
    ("disdukcapil-luwu-timur", "luwutimur", 2024, "TW3"),
    ("disdukcapil-probolinggo", "probolinggo", 2024, "TAHUN"),
]


class _Batal(Exception):
    """Roll an example back: every example starts from the demo data."""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("muat_demo", stdout=StringIO())


def _ubahan(data, indikator, pilih):
    """Typed values for the rows picked by `pilih` (a list of (row index, kind, seed))."""
    baris = sorted(int(k.split("-")[1]) for k in data if k.startswith("r-") and k.endswith("-keterangan"))
    ketik = {}
    for nomor, jenis, benih in pilih:
        ind = indikator[baris[nomor % len(baris)]]
        awalan = f"r-{ind.id}-"
        if jenis == "keterangan":
            ketik[awalan + "keterangan"] = f"Catatan uji {benih}"
        elif ind.punya_rumus_rasio:
            penyebut = 1000 + benih
            ketik[awalan + "pembilang"] = str(penyebut - benih % 97)
            ketik[awalan + "penyebut"] = str(penyebut)
        elif ind.predikat:
            label = ind.skala().label
            ketik[awalan + "nilai"] = label[benih % len(label)]
        elif jenis_nilai(ind) is JenisAngka.CACAH:
            ketik[awalan + "nilai"] = str(benih % 90 + 1)
        else:
            ketik[awalan + "nilai"] = format_isian(Decimal(benih % 9000 + 1000).scaleb(-2))
    # A cell typed with what it already holds is no edit.
    return {k: v for k, v in ketik.items() if data.get(k) != v}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    layar=st.sampled_from(LAYAR),
    pilih=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from(["nilai", "keterangan"]), st.integers(0, 10_000)),
        min_size=1,
        max_size=6,
    ),
)
def test_exactly_the_edited_cells_change(client, demo, layar, pilih):
    kode, pendek, tahun, periode = layar
    client.force_login(Pengguna.objects.get(username=f"operator.{pendek}"))
    url = reverse("realisasi_grid", args=[kode, tahun, periode])
    try:
        with transaction.atomic():
            data = isi_formulir(client.get(url).text, "grid-realisasi")
            indikator = Indikator.objects.in_bulk()
            ketik = _ubahan(data, indikator, pilih)
            sebelum = potret()
            response = client.post(url, {**data, **ketik}, follow=True)
            assert response.status_code == 200
            if ketik:
                assert "Tersimpan" in response.text, response.text[:2000]
            sesudah = potret()
            _periksa(sebelum, sesudah, ketik, indikator, tahun, periode)
            raise _Batal
    except _Batal:
        pass


def _periksa(sebelum, sesudah, ketik, indikator, tahun, periode):
    diubah = {int(k.split("-")[1]) for k in ketik}
    baris = {r.indikator_id: r for r in Realisasi.objects.filter(indikator_id__in=diubah, tahun=tahun, periode=periode)}
    assert set(baris) == diubah  # every edited row is stored
    for k, v in ketik.items():
        _, ind_id, medan = k.split("-", 2)
        r, ind = baris[int(ind_id)], indikator[int(ind_id)]
        if medan == "keterangan":
            assert r.keterangan_data == v
        elif medan == "nilai" and ind.predikat:
            assert r.nilai_teks == v
        else:
            assert format_isian(getattr(r, medan)) == v or getattr(r, medan) == Decimal(v.replace(",", "."))
        if medan in ("pembilang", "penyebut"):
            assert r.nilai == r.nilai_dari_rasio()  # the value follows its pembilang and penyebut
    # Nothing else changed: other tables identical; in the edited rows only the edited cells, the
    # value that follows an edited pembilang/penyebut, and the bookkeeping (who, when, revision);
    # one history row per edited realisation.
    for label in sebelum:
        if label in ("kinerja.realisasi", "kinerja.historicalrealisasi"):
            continue
        assert sebelum[label] == sesudah[label], label
    lama, baru = sebelum["kinerja.realisasi"], sesudah["kinerja.realisasi"]
    berubah = {pk for pk in set(lama) | set(baru) if lama.get(pk) != baru.get(pk)}
    assert berubah == {r.pk for r in baris.values() if lama.get(r.pk) != baru.get(r.pk)}
    kolom = ["pk"] + [f.attname for f in Realisasi._meta.concrete_fields]
    boleh = {"diisi_oleh_id", "diperbarui", "revisi"}
    for r in baris.values():
        if r.pk not in lama:
            continue  # a new row: every field is the edit
        diketik = {k.split("-", 2)[2] for k in ketik if int(k.split("-")[1]) == r.indikator_id}
        medan = {
            "keterangan": "keterangan_data",
            "nilai": "nilai_teks" if indikator[r.indikator_id].predikat else "nilai",
        }
        izin = boleh | {medan.get(m, m) for m in diketik}
        if diketik & {"pembilang", "penyebut"}:
            izin.add("nilai")
        for nama, a, b in zip(kolom, lama[r.pk], baru[r.pk], strict=True):
            assert a == b or nama in izin, f"{nama} of an edited row changed: {a} -> {b}"
    riwayat_baru = set(sesudah["kinerja.historicalrealisasi"]) - set(sebelum["kinerja.historicalrealisasi"])
    assert len(riwayat_baru) == len(berubah)
    assert set(sebelum["kinerja.historicalrealisasi"]) <= set(sesudah["kinerja.historicalrealisasi"])
