from django.urls import path

from . import views

urlpatterns = [
    path("opd/<slug:kode>/realisasi/<int:tahun>/<str:periode>/", views.realisasi_grid, name="realisasi_grid"),
    path(
        "opd/<slug:kode>/realisasi/<int:tahun>/<str:periode>/hitung/<int:indikator_id>/",
        views.hitung_baris,
        name="realisasi_hitung",
    ),
    path("opd/<slug:kode>/realisasi/<int:tahun>/<str:periode>/status/", views.ubah_status, name="realisasi_status"),
]
