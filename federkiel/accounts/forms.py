from __future__ import annotations

from django.contrib.auth.forms import UserCreationForm

from federkiel.accounts.models import User


class SignupForm(UserCreationForm[User]):
    class Meta:
        model = User
        fields = ("username", "email")
