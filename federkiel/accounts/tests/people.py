"""Members made on the spot; typed loosely, as factory_boy is untyped."""

from typing import Any

from federkiel.factories import UserFactory


def member(**fields: Any) -> Any:
    return UserFactory(**fields)
