"""Login and passwords: the password forms in our words."""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms


def _label_kata_sandi_baru(form):
    # Django's Indonesian labels say "sandi"; the application says "kata sandi" everywhere.
    form.fields["new_password1"].label = "Kata sandi baru"
    form.fields["new_password2"].label = "Ulangi kata sandi baru"
    form.fields["new_password2"].help_text = ""


class FormKataSandiBaru(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_kata_sandi_baru(self)


class FormGantiKataSandi(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Kata sandi sekarang"
        _label_kata_sandi_baru(self)
