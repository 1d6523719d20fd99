from django.urls import path

from . import views, views_dokumen

urlpatterns = [
    path("opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/", views.ruang_reviu, name="ruang_reviu"),
    path("opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/aksi/", views.aksi_reviu, name="aksi_reviu"),
    path("opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/temuan.xlsx", views.temuan_xlsx, name="reviu_temuan_xlsx"),
    path(
        "opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/pernyataan.pdf",
        views.pernyataan_reviu,
        name="pernyataan_reviu",
    ),
    # LKjIP documents made elsewhere, uploaded by the Pemda's reviewers (views_dokumen).
    path("reviu/dokumen/", views_dokumen.daftar, name="reviu_dokumen_daftar"),
    path("reviu/dokumen/<int:pk>/", views_dokumen.rinci, name="reviu_dokumen_rinci"),
    path("reviu/dokumen/<int:pk>/status/", views_dokumen.status, name="reviu_dokumen_status"),
    path("reviu/dokumen/<int:pk>/berkas/", views_dokumen.berkas, name="reviu_dokumen_berkas"),
    path("reviu/dokumen/<int:pk>/halaman/<int:halaman>.png", views_dokumen.halaman, name="reviu_dokumen_halaman"),
    path("reviu/dokumen/<int:pk>/instansi/", views_dokumen.instansi, name="reviu_dokumen_instansi"),
    path("reviu/dokumen/<int:pk>/ulang/", views_dokumen.ulang, name="reviu_dokumen_ulang"),
    path("reviu/dokumen/<int:pk>/hapus/", views_dokumen.hapus, name="reviu_dokumen_hapus"),
    path("reviu/dokumen/<int:pk>/temuan.xlsx", views_dokumen.xlsx_dokumen, name="reviu_dokumen_xlsx"),
    path("reviu/dokumen/<int:pk>/surat.pdf", views_dokumen.surat_dokumen, name="reviu_dokumen_surat"),
    path("reviu/unggahan/<int:pk>/temuan.xlsx", views_dokumen.xlsx_unggahan, name="reviu_unggahan_xlsx"),
    path("reviu/unggahan/<int:pk>/surat.pdf", views_dokumen.surat_unggahan, name="reviu_unggahan_surat"),
    path("reviu/temuan/<int:pk>/tandai/", views_dokumen.tandai, name="reviu_temuan_tandai"),
]
