"""Services on the Renstra: a Renstra Perubahan copies the tree and supersedes without deleting."""

from django.db import transaction

from .models import Indikator, Pembanding, Renstra, Sasaran, TargetIndikator, Tujuan, validasi_nilai


def target_tahun(indikator, tahun):
    """The Renstra target of `indikator` for `tahun`, or None."""
    return next((t for t in indikator.target_set.all() if t.tahun == tahun), None)


def _salin_indikator(lama, **pemilik):
    baru = Indikator.objects.get(pk=lama.pk)
    baru.pk = None
    baru.id = None
    baru.asal = lama
    baru.tujuan = pemilik.get("tujuan")
    baru.sasaran = pemilik.get("sasaran")
    baru.komposit = pemilik.get("komposit")
    baru.save()
    TargetIndikator.objects.bulk_create(
        TargetIndikator(indikator=baru, tahun=t.tahun, nilai=t.nilai, nilai_atas=t.nilai_atas, nilai_teks=t.nilai_teks)
        for t in lama.target_set.all()
    )
    Pembanding.objects.bulk_create(
        Pembanding(
            indikator=baru,
            tahun=p.tahun,
            jenis=p.jenis,
            nama=p.nama,
            nilai=p.nilai,
            nilai_teks=p.nilai_teks,
            sumber=p.sumber,
        )
        for p in lama.pembanding_set.all()
    )
    for komponen in lama.komponen.all():
        _salin_indikator(komponen, komposit=baru)
    return baru


@transaction.atomic
def buat_renstra_perubahan(renstra, *, tanggal_penetapan, alasan, dasar_hukum=""):
    """Copy `renstra` (tujuan, sasaran cascade, indicators, targets) into a new version.

    The earlier version stays readable; each copied row points to its original (`asal`), so
    the time series of an indicator follows it across versions.
    """
    if not alasan.strip():
        raise ValueError("Alasan perubahan Renstra wajib diisi.")
    if hasattr(renstra, "diganti_oleh"):
        raise ValueError("Renstra ini sudah digantikan oleh perubahan lain; ubahlah versi terbaru.")
    baru = Renstra.objects.create(
        opd=renstra.opd,
        rpjmd=renstra.rpjmd,
        tahun_mulai=renstra.tahun_mulai,
        tahun_selesai=renstra.tahun_selesai,
        versi=renstra.versi + 1,
        menggantikan=renstra,
        tanggal_penetapan=tanggal_penetapan,
        dasar_hukum=dasar_hukum or renstra.dasar_hukum,
        alasan_perubahan=alasan,
        visi=renstra.visi,
    )
    baru.misi_didukung.set(renstra.misi_didukung.all())
    peta_tujuan = {}
    for tujuan in renstra.tujuan_set.all():
        salinan = Tujuan.objects.create(
            renstra=baru,
            sasaran_daerah=tujuan.sasaran_daerah,
            kode=tujuan.kode,
            uraian=tujuan.uraian,
            urutan=tujuan.urutan,
            asal=tujuan,
        )
        peta_tujuan[tujuan.id] = salinan
        for ind in tujuan.indikator_set.all():
            _salin_indikator(ind, tujuan=salinan)
    peta_sasaran = {}
    # Parents before children: the cascade levels in order.
    for tingkat in Sasaran.URUTAN_TINGKAT:
        for sasaran in renstra.sasaran_set.filter(tingkat=tingkat).order_by("urutan", "id"):
            salinan = Sasaran.objects.create(
                renstra=baru,
                tujuan=peta_tujuan.get(sasaran.tujuan_id),
                induk=peta_sasaran.get(sasaran.induk_id),
                tingkat=sasaran.tingkat,
                kode=sasaran.kode,
                uraian=sasaran.uraian,
                pemilik=sasaran.pemilik,
                urutan=sasaran.urutan,
                asal=sasaran,
            )
            peta_sasaran[sasaran.id] = salinan
            for ind in sasaran.indikator_set.all():
                _salin_indikator(ind, sasaran=salinan)
    return baru


class GalatRenstra(ValueError):
    """Input the Renstra editor cannot accept; messages are for the user."""

    def __init__(self, galat):
        self.galat = galat
        super().__init__("; ".join(galat))


def indikator_renstra(renstra):
    """Indicators of a Renstra's tujuan and sasaran (not components, not budget items), in order."""
    from django.db.models import Prefetch, Q

    return list(
        Indikator.objects.filter(Q(sasaran__renstra=renstra) | Q(tujuan__renstra=renstra))
        .select_related("sasaran", "tujuan")
        .prefetch_related(Prefetch("target_set", queryset=TargetIndikator.objects.order_by("tahun")))
        .order_by("urutan", "id")
    )


def _periksa_target(ind, nilai, atas, teks):
    """Messages (Bahasa Indonesia, to follow "target 2024: ") on a yearly target."""
    from django.core.exceptions import ValidationError

    try:
        validasi_nilai(ind, nilai, teks, atas)
    except ValidationError as exc:
        return [m[0].lower() + m[1:] for m in exc.messages]
    return []


@transaction.atomic
def simpan_grid_renstra(renstra, data, user=None):
    """Save the Renstra grid: names, units, direction, IKU flag, end target and yearly targets.

    Keys: i-<id>-nama / -satuan / -arah / -iku / -akhir and t-<id>-<tahun> (with t-<id>-<tahun>-atas,
    the upper bound, for a range indicator). Numbers in strict Indonesian format. Every target is
    checked against its indicator (a range target needs both bounds). All or nothing; raises
    GalatRenstra with one message per bad cell.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from kinerja import capaian as rumus
    from sakip.formatting import AngkaTidakValid, parse_angka

    galat, ubah_ind, baru_t, ubah_t = [], [], [], []
    arah_sah = {a.value for a in rumus.Arah}
    for ind in indikator_renstra(renstra):
        awal = f"i-{ind.id}-"
        if awal + "nama" not in data:
            continue
        nama = data.get(awal + "nama", "").strip()
        if not nama:
            galat.append(f"Nama indikator tidak boleh kosong ({ind.nama}).")
            continue
        berubah = False
        for medan, nilai in (
            ("nama", nama),
            ("satuan", data.get(awal + "satuan", "").strip() or ind.satuan),
            ("iku", data.get(awal + "iku") == "on"),
        ):
            if getattr(ind, medan) != nilai:
                setattr(ind, medan, nilai)
                berubah = True
        arah = data.get(awal + "arah", ind.arah)
        if arah not in arah_sah:
            galat.append(f"{ind.nama}: arah {arah!r} tidak dikenal.")
        elif arah != ind.arah:
            ind.arah, berubah = arah, True

        def baca(teks, label, ind=ind):
            teks = (teks or "").strip()
            if not teks:
                return None, ""
            if ind.predikat:
                if teks not in ind.skala().label:
                    galat.append(f"{ind.nama}, {label}: predikat harus salah satu dari {', '.join(ind.skala().label)}.")
                return None, teks
            try:
                return parse_angka(teks), ""
            except AngkaTidakValid as exc:
                galat.append(f"{ind.nama}, {label}: {exc.pesan}")
                return None, ""

        akhir, akhir_teks = baca(data.get(awal + "akhir"), "target akhir")
        if (ind.target_akhir, ind.target_akhir_teks) != (akhir, akhir_teks):
            ind.target_akhir, ind.target_akhir_teks, berubah = akhir, akhir_teks, True
        if berubah:
            ubah_ind.append(ind)
        per_tahun = {t.tahun: t for t in ind.target_set.all()}
        rentang = ind.arah == rumus.Arah.RENTANG
        for tahun in renstra.tahun:
            kunci = f"t-{ind.id}-{tahun}"
            t = per_tahun.get(tahun)
            if kunci not in data:
                if t is not None and t.nilai_atas is not None and not rentang:
                    t.nilai_atas = None  # the indicator is no longer a range: its upper bounds go
                    ubah_t.append(t)
                continue
            n_galat = len(galat)
            nilai, teks = baca(data.get(kunci), f"target {tahun}")
            atas = None
            if rentang:
                if f"{kunci}-atas" in data:
                    atas, _ = baca(data.get(f"{kunci}-atas"), f"batas atas target {tahun}")
                elif t is not None and nilai is not None:
                    atas = t.nilai_atas  # a client without the upper-bound input keeps the stored one
            if len(galat) == n_galat:
                pesan = _periksa_target(ind, nilai, atas, teks)
                galat.extend(f"{ind.nama}, target {tahun}: {p}" for p in pesan)
            if t is None:
                if nilai is not None or atas is not None or teks:
                    baru_t.append(
                        TargetIndikator(indikator=ind, tahun=tahun, nilai=nilai, nilai_atas=atas, nilai_teks=teks)
                    )
            elif (t.nilai, t.nilai_atas, t.nilai_teks) != (nilai, atas, teks):
                t.nilai, t.nilai_atas, t.nilai_teks = nilai, atas, teks
                ubah_t.append(t)
    if galat:
        raise GalatRenstra(galat)
    if ubah_ind:
        bulk_update_with_history(
            ubah_ind,
            Indikator,
            ["nama", "satuan", "arah", "iku", "target_akhir", "target_akhir_teks"],
            default_user=user,
        )
    if baru_t:
        bulk_create_with_history(baru_t, TargetIndikator, default_user=user)
    if ubah_t:
        bulk_update_with_history(ubah_t, TargetIndikator, ["nilai", "nilai_atas", "nilai_teks"], default_user=user)
    return len(ubah_ind) + len(baru_t) + len(ubah_t)
