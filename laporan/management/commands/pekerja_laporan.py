"""python manage.py pekerja_laporan: the name the worker had when it built report PDFs only; the
same command as ``pekerja`` (every kind of background job, sakip.tugas)."""

from sakip.management.commands.pekerja import Command as Pekerja


class Command(Pekerja):
    help = Pekerja.help + " Sama dengan `pekerja`."
