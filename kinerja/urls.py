from django.urls import path

from . import views, views_pk

urlpatterns = [
    path("opd/<slug:kode>/realisasi/<tahun:tahun>/<str:periode>/", views.realisasi_grid, name="realisasi_grid"),
    path(
        "opd/<slug:kode>/realisasi/<tahun:tahun>/<str:periode>/realisasi.xlsx",
        views.realisasi_xlsx,
        name="realisasi_xlsx",
    ),
    path(
        "opd/<slug:kode>/realisasi/<tahun:tahun>/<str:periode>/hitung/<int:indikator_id>/",
        views.hitung_baris,
        name="realisasi_hitung",
    ),
    path("opd/<slug:kode>/realisasi/<tahun:tahun>/<str:periode>/status/", views.ubah_status, name="realisasi_status"),
    path("opd/<slug:kode>/bukti/<int:pk>/", views.bukti, name="bukti"),
    path("opd/<slug:kode>/bukti/<int:pk>/hapus/", views.bukti_hapus, name="bukti_hapus"),
    path("opd/<slug:kode>/pk/<tahun:tahun>/", views_pk.pk_editor, name="pk_editor"),
    path("opd/<slug:kode>/pk/<tahun:tahun>/aksi/", views_pk.pk_aksi, name="pk_aksi"),
    path("opd/<slug:kode>/pk/<tahun:tahun>/rencana-aksi/", views_pk.rencana_aksi, name="rencana_aksi"),
]
