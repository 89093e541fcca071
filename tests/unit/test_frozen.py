"""quick_init (domain/frozen.py): the faster __init__ of the fold's frozen values builds the
same values as the dataclass's own, and they stay frozen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import pickle
import typing
from dataclasses import FrozenInstanceError, dataclass, field, replace

import pytest

from hamcoach.domain.catalog import Category
from hamcoach.domain.criteria import SessionPerformance, SetPerformance
from hamcoach.domain.fold_values import DatedDecision, FoldedSession, LogOutcome
from hamcoach.domain.frozen import quick_init
from hamcoach.domain.prescription import Prescription
from hamcoach.domain.training import Action, Decision


@dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str = "b"
    c: tuple[int, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class _Quick:
    a: int
    b: str = "b"
    c: tuple[int, ...] = ()


def test_the_same_signature_as_the_dataclass_init() -> None:
    assert str(inspect.signature(_Quick.__init__)) == str(inspect.signature(_Plain.__init__))
    assert _Quick.__init__.__qualname__ == "_Quick.__init__"
    assert _Quick.__init__.__module__ == _Plain.__init__.__module__


def test_its_annotations_resolve_in_the_class_module() -> None:
    """As with the dataclass's own __init__ (typing.get_type_hints reads the function's
    module globals: a name such as Category must resolve there)."""
    hints = typing.get_type_hints(Prescription.__init__)
    assert hints["phase"] is Category
    assert hints["load_kg"] == float | None
    assert typing.get_type_hints(_Quick.__init__) == typing.get_type_hints(_Plain.__init__)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1,), {}, (1, "b", ())),
        ((1, "x"), {}, (1, "x", ())),
        ((), {"a": 2, "c": (3,)}, (2, "b", (3,))),
        ((4,), {"b": "y", "c": (5, 6)}, (4, "y", (5, 6))),
    ],
)
def test_positional_keyword_and_default_fields(
    args: tuple[object, ...], kwargs: dict[str, object], expected: tuple[object, ...]
) -> None:
    quick, plain = _Quick(*args, **kwargs), _Plain(*args, **kwargs)  # type: ignore[arg-type]
    assert (quick.a, quick.b, quick.c) == expected == (plain.a, plain.b, plain.c)


def test_wrong_arguments_fail_as_they_did() -> None:
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        _Quick()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'd'"):
        _Quick(1, d=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for argument 'a'"):
        _Quick(1, a=2)  # type: ignore[misc]


def test_still_frozen_equal_hashable_and_picklable() -> None:
    q = _Quick(1, "x", (2,))
    with pytest.raises(FrozenInstanceError):
        q.a = 3  # type: ignore[misc]
    assert q == _Quick(1, "x", (2,)) != _Quick(1, "y", (2,))
    assert hash(q) == hash(_Quick(1, "x", (2,)))
    assert pickle.loads(pickle.dumps(q)) == q
    assert replace(q, b="z") == _Quick(1, "z", (2,))
    assert repr(q) == repr(_Plain(1, "x", (2,))).replace("_Plain", "_Quick")


def test_the_fold_values_compare_with_values_made_field_by_field() -> None:
    """Each value the fold makes by the thousand, built with quick_init, equals one built
    field by field as the dataclass's own __init__ does (object.__setattr__), and stays
    frozen."""
    p = Prescription("squat", "Squat", Category.STRENGTH, 3, reps=10, load_kg=20.0)
    d = Decision("squat", Action.HOLD, "await-checkin", p, p)
    at = dt.datetime(2025, 1, 6, 18, tzinfo=dt.UTC)
    values: list[object] = [
        p,
        d,
        DatedDecision(at.date(), at, d, 7, "log"),
        LogOutcome(3, p, d),
        FoldedSession(1, 1, "A", at, (p,), done=False),
        SetPerformance(8, 0, True, "left"),
        SessionPerformance((SetPerformance(8),), 2, all_sets_at_top=True),
    ]
    for v in values:
        assert type(v).__init__.__qualname__ == f"{type(v).__qualname__}.__init__"
        fields = {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}  # type: ignore[arg-type]
        made = object.__new__(type(v))
        for name, value in fields.items():
            object.__setattr__(made, name, value)
        assert made == type(v)(**fields) == v
        assert hash(type(v)(**fields)) == hash(v)
        with pytest.raises(FrozenInstanceError):
            setattr(v, next(iter(fields)), None)


@pytest.mark.parametrize("kind", ["not-frozen", "factory", "post-init", "kw-only"])
def test_what_it_cannot_speed_up_is_refused(kind: str) -> None:
    with pytest.raises(TypeError, match="quick_init"):
        if kind == "not-frozen":

            @quick_init
            @dataclass(slots=True)
            class A:
                a: int

        elif kind == "factory":

            @quick_init
            @dataclass(frozen=True, slots=True)
            class B:
                a: list[int] = field(default_factory=list)

        elif kind == "post-init":

            @quick_init
            @dataclass(frozen=True, slots=True)
            class C:
                a: int

                def __post_init__(self) -> None:
                    pass

        else:

            @quick_init
            @dataclass(frozen=True, slots=True, kw_only=True)
            class D:
                a: int
