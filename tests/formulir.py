"""What a browser would post back from a page's form, read from the HTML (tests only).

`isi_formulir(html, id=None)` returns the successful controls of a form as a browser sends
them: text, hidden and number inputs with their value, checked checkboxes and radios, the
selected option of each select (the first when none is marked, none of a multiple select), textareas; disabled controls,
buttons and file inputs are left out. The result is a dict for the test client's `post()`
(a list where a name repeats).
"""

from html.parser import HTMLParser


class _Pembaca(HTMLParser):
    def __init__(self, id_form=None, indeks=None):
        super().__init__(convert_charrefs=True)
        self.id_form = id_form
        self.indeks = indeks
        self.nomor = -1
        self.dalam = False
        self.kedalaman = 0
        self.isian = []  # (name, value)
        self.select = None  # [name, options [(value, selected)], disabled]
        self.opsi = None
        self.textarea = None
        self.teks = []
        self.ketemu = False

    def _cocok(self, attrs):
        self.nomor += 1
        if self.id_form is not None:
            return attrs.get("id") == self.id_form
        if self.indeks is not None:
            return self.nomor == self.indeks
        return (attrs.get("method") or "get").lower() == "post"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.dalam:
                self.kedalaman += 1
            elif not self.ketemu and self._cocok(a):
                self.dalam = self.ketemu = True
            return
        if not self.dalam:
            return
        mati = "disabled" in a
        nama = a.get("name")
        if tag == "input":
            jenis = (a.get("type") or "text").lower()
            if not nama or mati or jenis in ("submit", "button", "image", "reset", "file"):
                return
            if jenis in ("checkbox", "radio"):
                if "checked" in a:
                    self.isian.append((nama, a.get("value", "on")))
                return
            self.isian.append((nama, a.get("value", "")))
        elif tag == "select":
            self.select = [nama, [], mati, "multiple" in a]
        elif tag == "option" and self.select is not None:
            self.opsi = [a.get("value"), "selected" in a, []]
            self.select[1].append(self.opsi)
        elif tag == "textarea":
            self.textarea = (nama, mati)
            self.teks = []

    def handle_data(self, data):
        if self.textarea is not None:
            self.teks.append(data)
        elif self.opsi is not None:
            self.opsi[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.dalam:
            if self.kedalaman:
                self.kedalaman -= 1
            else:
                self.dalam = False
        elif tag == "option":
            self.opsi = None
        elif tag == "select" and self.select is not None:
            nama, opsi, mati, banyak = self.select
            self.select = None
            if nama and not mati and opsi:
                # A single select sends its first option when none is marked; a multiple one nothing.
                dipilih = [o for o in opsi if o[1]] or ([] if banyak else [opsi[0]])
                for nilai, _, teks in dipilih:
                    self.isian.append((nama, nilai if nilai is not None else "".join(teks).strip()))
        elif tag == "textarea" and self.textarea is not None:
            nama, mati = self.textarea
            self.textarea = None
            teks = "".join(self.teks)
            if nama and not mati:
                # A browser drops one newline right after <textarea>.
                self.isian.append((nama, teks[1:] if teks.startswith("\n") else teks))


def isi_formulir(html, id=None, indeks=None):
    """The POST data of a form in `html`: by its id, by its position, else the first POST form."""
    if not isinstance(html, str):
        html = html.decode()
    p = _Pembaca(id, indeks)
    p.feed(html)
    if not p.ketemu:
        raise AssertionError(f"formulir {id or indeks or '(POST)'} tidak ada di halaman")
    data = {}
    for nama, nilai in p.isian:
        if nama in data:
            data[nama] = (data[nama] if isinstance(data[nama], list) else [data[nama]]) + [nilai]
        else:
            data[nama] = nilai
    return data
