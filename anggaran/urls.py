from django.urls import path

from . import views

urlpatterns = [
    path("opd/<slug:kode>/anggaran/<tahun:tahun>/", views.anggaran_opd, name="anggaran_opd"),
    path("opd/<slug:kode>/anggaran/<tahun:tahun>/ekspor.xlsx", views.ekspor_anggaran, name="anggaran_ekspor"),
    path("opd/<slug:kode>/anggaran/<tahun:tahun>/realisasi/", views.realisasi_anggaran_grid, name="anggaran_realisasi"),
    path(
        "opd/<slug:kode>/anggaran/<tahun:tahun>/realisasi/hitung/",
        views.realisasi_anggaran_hitung,
        name="anggaran_realisasi_hitung",
    ),
    *views.alur_impor.urls("opd/<slug:kode>/anggaran/<tahun:tahun>/impor/"),
]
