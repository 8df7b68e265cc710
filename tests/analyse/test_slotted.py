"""Frozen slotted dataclasses made from their field values, as their __init__ makes them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from communique.analyse.slotted import maker, making


@dataclass(frozen=True, slots=True)
class _Reading:
    doc: str
    words: tuple[str, ...]
    day: int | None = None
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Checked:
    doc: str

    def __post_init__(self) -> None:
        if not self.doc:
            raise ValueError("no document")


@dataclass(frozen=True)
class _Unslotted:
    doc: str


@dataclass(frozen=True, slots=True)
class _Counted:
    doc: str
    seen: int = field(init=False, default=0)


def test_made_equals_what_init_makes() -> None:
    make = maker(_Reading)
    assert make is not None
    made = make("d1", ("talks", "resumed"), 7, frozenset({"x"}))
    assert made == _Reading("d1", ("talks", "resumed"), 7, frozenset({"x"}))
    assert type(made) is _Reading
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.doc = "d2"  # type: ignore[misc]


def test_every_field_must_be_given() -> None:
    make = maker(_Reading)
    assert make is not None
    with pytest.raises(TypeError):
        make("d1", ("talks",))


@pytest.mark.parametrize("kind", [_Checked, _Unslotted, _Counted, int, str])
def test_no_maker_where_init_does_more_or_the_class_is_not_slotted(kind: type) -> None:
    assert maker(kind) is None


def test_making_is_the_maker_or_else_the_class() -> None:
    assert making(_Reading) is maker(_Reading)
    assert making(_Checked) is _Checked
    assert making(_Checked)("d1") == _Checked("d1")
    with pytest.raises(ValueError, match="no document"):
        making(_Checked)("")
