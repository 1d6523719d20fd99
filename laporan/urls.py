from django.urls import path

from . import views, views_dasbor, views_perjanjian, views_pohon, views_rekomendasi

AWAL = "opd/<slug:kode>/laporan/<tahun:tahun>/<slug:periode>/"

urlpatterns = [
    path("", views_dasbor.beranda, name="beranda"),
    path("dasbor.xlsx", views_dasbor.beranda_xlsx, name="beranda_xlsx"),
    path("opd/<slug:kode>/", views_dasbor.opd_detail, name="opd_detail"),
    path("opd/<slug:kode>/capaian.xlsx", views_dasbor.opd_xlsx, name="opd_xlsx"),
    path("opd/<slug:kode>/laporan/", views.indeks, name="laporan_indeks"),
    path(AWAL, views.laporan, name="laporan"),
    path(AWAL + "narasi/<slug:bagian>/", views.narasi, name="laporan_narasi"),
    path(AWAL + "narasi/<slug:bagian>/<int:indikator>/", views.narasi, name="laporan_narasi_indikator"),
    path(AWAL + "tanggal/", views.tanggal, name="laporan_tanggal"),
    path(AWAL + "pdf/", views.minta_pdf, name="laporan_pdf_minta"),
    path(AWAL + "docx/", views.unduh_docx, name="laporan_docx"),
    path("opd/<slug:kode>/laporan/pdf/<int:pk>/", views.status_pdf, name="laporan_pdf_status"),
    path("opd/<slug:kode>/laporan/pdf/<int:pk>/unduh/", views.unduh_pdf, name="laporan_pdf_unduh"),
    # The PK document, beside the PK page (kinerja's opd/<kode>/pk/<tahun>/), which links here by name.
    path("opd/<slug:kode>/pk/<tahun:tahun>/dokumen/", views_perjanjian.pdf_perjanjian_opd, name="perjanjian_pdf_opd"),
    path("opd/<slug:kode>/pk/<tahun:tahun>/dokumen/<int:pk>/", views_perjanjian.pdf_perjanjian, name="perjanjian_pdf"),
    path("opd/<slug:kode>/pohon/<tahun:tahun>/", views_pohon.pohon_kinerja, name="pohon_kinerja"),
    path("opd/<slug:kode>/laporan/gambar/<int:pk>/", views.gambar, name="laporan_gambar"),
    path("opd/<slug:kode>/laporan/gambar/<int:pk>/hapus/", views.hapus_gambar, name="laporan_gambar_hapus"),
    path("opd/<slug:kode>/rekomendasi/", views_rekomendasi.register, name="rekomendasi"),
    path("opd/<slug:kode>/rekomendasi/tambah/", views_rekomendasi.tambah, name="rekomendasi_tambah"),
    path("opd/<slug:kode>/rekomendasi/<int:pk>/hapus/", views_rekomendasi.hapus, name="rekomendasi_hapus"),
    path("opd/<slug:kode>/rekomendasi/<int:pk>/bukti/", views_rekomendasi.bukti, name="rekomendasi_bukti"),
]
