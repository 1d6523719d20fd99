from django.urls import path

from . import views

urlpatterns = [
    path("opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/", views.ruang_reviu, name="ruang_reviu"),
    path("opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/aksi/", views.aksi_reviu, name="aksi_reviu"),
    path(
        "opd/<slug:kode>/reviu/<tahun:tahun>/<str:periode>/pernyataan.pdf",
        views.pernyataan_reviu,
        name="pernyataan_reviu",
    ),
]
