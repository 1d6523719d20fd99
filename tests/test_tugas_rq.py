"""The documented switch to a distributed backend (issue #22 item 1): the same jobs on RQ (Redis)
through django-tasks-rq, run by django-rq's worker. Skipped where Redis or the packages are absent."""

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reviu.models import DokumenReviu
from sakip.tugas import kerjakan_semua
from tests.test_reviu_unggah import TEKS_LKJIP, media, unggah  # noqa: F401 (fixture)

pytest.importorskip("django_tasks_rq")
pytest.importorskip("django_rq")


def _redis_hidup():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not _redis_hidup(), reason="Redis tidak berjalan di 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def rq(settings):
    import django_rq

    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/15"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    django_rq.get_connection("default").flushdb()
    yield
    django_rq.get_connection("default").flushdb()


def test_an_upload_is_reviewed_by_the_rq_worker(client, reviewer_a, rq):
    from django_tasks_db.models import DBTaskResult

    client.force_login(reviewer_a)
    unggah(client, SimpleUploadedFile("a.txt", TEKS_LKJIP.encode()))
    dokumen = DokumenReviu.objects.get()
    assert dokumen.status == "antre" and dokumen.id_tugas  # sent to Redis after the commit
    assert not DBTaskResult.objects.exists()
    kerjakan_semua()  # django-rq's worker, in burst mode
    dokumen.refresh_from_db()
    assert (dokumen.status, dokumen.temuan_set.count()) == ("selesai", 1)
    assert kerjakan_semua() == 0
