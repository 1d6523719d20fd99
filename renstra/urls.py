from django.urls import path

from . import views

urlpatterns = [
    path("opd/<slug:kode>/renstra/", views.renstra_editor, name="renstra_editor"),
    path("opd/<slug:kode>/renstra/tambah/", views.renstra_tambah, name="renstra_tambah"),
    path("opd/<slug:kode>/renstra/perubahan/", views.renstra_perubahan, name="renstra_perubahan"),
]
