"""A faster ``__init__`` for the frozen slots dataclasses the fold makes by the thousand.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__``, about four times the cost of a plain assignment: in a year's
fold (domain/fold.py) that was a tenth of the time, spread over doses, decisions and
their dated copies. ``quick_init`` gives such a class an ``__init__`` with the same
signature that sets each slot through its own descriptor instead, as fast as a plain
class. Nothing else changes: the values stay frozen, compare, hash, print and pickle as
before (tests/unit/test_frozen.py).
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give the frozen slots dataclass ``cls`` a faster ``__init__`` of the same signature.

    Only for the plain case: every field in ``__init__``, positional or keyword, defaults
    given as values (no factories), and no ``__post_init__``; anything else is refused."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"quick_init: {cls.__name__} is not a frozen slots dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"quick_init: {cls.__name__} has a __post_init__")
    setters: dict[str, Any] = {}
    args, body = [], []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"quick_init: {cls.__name__}.{f.name} is not a plain field")
        setters[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            args.append(f.name)
        else:
            setters[f"_default_{f.name}"] = f.default
            args.append(f"{f.name}=_default_{f.name}")
        body.append(f"        _set_{f.name}(self, {f.name})")
    # as dataclasses itself makes __init__: in the class's module (its annotations resolve
    # there), the setters and defaults closed over
    source = (
        f"def make({', '.join(setters)}):\n"
        f"    def __init__(self, {', '.join(args)}):\n"
        + ("\n".join(body) or "        pass")
        + "\n    return __init__\n"
    )
    made: dict[str, Any] = {}
    exec(source, sys.modules[cls.__module__].__dict__, made)
    init = made["make"](**setters)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
