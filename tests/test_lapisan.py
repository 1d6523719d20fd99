"""The house keeps its layers (README, Layout): no import cycles, no cross-app imports hidden in functions.

The direction between apps is the import-linter contract in pyproject.toml (`lint-imports`, run by CI).
"""

import ast
from pathlib import Path

import grimp

AKAR = Path(__file__).resolve().parent.parent
APLIKASI = ("sakip", "renstra", "kinerja", "anggaran", "laporan", "reviu", "pertukaran", "lke", "api")


def _berkas():
    for app in APLIKASI:
        for berkas in sorted((AKAR / app).rglob("*.py")):
            if "migrations" not in berkas.parts:
                yield app, berkas


def test_no_cross_app_import_inside_a_function():
    """An import another app hides in a function is a dependency the layers cannot see."""
    tersembunyi = []
    for app, berkas in _berkas():
        for fungsi in ast.walk(ast.parse(berkas.read_text(encoding="utf-8"))):
            if not isinstance(fungsi, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # AppConfig.ready() is where Django wants an app to wire itself to another.
            if berkas.name == "apps.py" and fungsi.name == "ready":
                continue
            for n in ast.walk(fungsi):
                if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module:
                    lain = n.module.split(".")[0]
                    if lain in APLIKASI and lain != app:
                        tersembunyi.append(f"{berkas.relative_to(AKAR)}:{n.lineno} {n.module}")
    assert tersembunyi == []


def _siklus(graf, modul):
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    indeks, rendah, di_tumpukan, tumpukan, hasil = {}, {}, set(), [], []
    nomor = 0
    for awal in modul:
        if awal in indeks:
            continue
        kerja = [(awal, iter(sorted(graf[awal])))]
        indeks[awal] = rendah[awal] = nomor
        nomor += 1
        tumpukan.append(awal)
        di_tumpukan.add(awal)
        while kerja:
            v, anak = kerja[-1]
            for w in anak:
                if w not in indeks:
                    indeks[w] = rendah[w] = nomor
                    nomor += 1
                    tumpukan.append(w)
                    di_tumpukan.add(w)
                    kerja.append((w, iter(sorted(graf[w]))))
                    break
                if w in di_tumpukan:
                    rendah[v] = min(rendah[v], indeks[w])
            else:
                kerja.pop()
                if kerja:
                    rendah[kerja[-1][0]] = min(rendah[kerja[-1][0]], rendah[v])
                if rendah[v] == indeks[v]:
                    komponen = set()
                    while True:
                        w = tumpukan.pop()
                        di_tumpukan.discard(w)
                        komponen.add(w)
                        if w == v:
                            break
                    if len(komponen) > 1:
                        hasil.append(sorted(komponen))
    return hasil


def test_no_import_cycles(monkeypatch):
    monkeypatch.syspath_prepend(str(AKAR))
    g = grimp.build_graph(*APLIKASI, cache_dir=None)
    # A package imports its own modules in __init__; that is not a cycle of the code.
    modul = sorted(m for m in g.modules if ".migrations" not in m)
    graf = {
        m: {
            i
            for i in g.find_modules_directly_imported_by(m)
            if ".migrations" not in i and not m.startswith(i + ".") and not i.startswith(m + ".")
        }
        for m in modul
    }
    assert _siklus(graf, modul) == []


def test_no_module_over_a_thousand_lines():
    """A module a newcomer can read: split by subject before it grows past 1,000 lines."""
    panjang = {
        str(berkas.relative_to(AKAR)): n
        for _, berkas in _berkas()
        if (n := len(berkas.read_text(encoding="utf-8").splitlines())) > 1000
    }
    assert panjang == {}
