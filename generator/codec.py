"""JSON forms of the frozen values the cache keeps between builds (the resolved `Archive` and what it holds), and
back, read from the dataclasses' own field types so that a field added to `model.py` needs no code here.

A dataclass is written as the list of its field values, in field order; dates as ISO strings, tuples (and fields
held packed, model.PackedTuple) as lists, bytes as base64. Reading checks every value against its field's type and
raises `ValueError` on anything else, so an entry written by other code or by hand is refused rather than
half-used (cache.CacheFolder logs the reason).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

Decoder = Callable[[Any], Any]
_PLAIN = {str: str, int: int, float: float, bool: bool}


def to_json(value: Any) -> Any:
    """`value` (a dataclass, date, tuple, list, dict with string keys, or plain value) as JSON-ready lists."""
    if type(value) in _PLAIN or value is None:
        return value
    if type(value) is bytes:  # a packed article body (model.Article.packed)
        return base64.b64encode(value).decode("ascii")
    names = _field_names(value.__class__)
    if names is not None:
        return [to_json(getattr(value, name)) for name in names]
    if isinstance(value, (tuple, list, Sequence)) and not isinstance(value, (str, bytes)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@cache
def _field_names(kind: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for another type: asked once per type, not once per value
    (dataclasses.fields for each of an archive's paragraphs was most of the time saving it took)."""
    if dataclasses.is_dataclass(kind):
        return tuple(field.name for field in dataclasses.fields(kind))
    return None


def from_json(kind: Any, data: Any) -> Any:
    """The value of type `kind` (as a dataclass field would declare it) that `to_json` wrote as `data`."""
    return decoder(kind)(data)


@cache
def decoder(kind: Any) -> Decoder:
    """A function reading `kind` back from its JSON form, made once per type."""
    if kind in _PLAIN:
        return _plain(kind)
    if kind is dt.date:
        return _date
    if kind is bytes:
        return _bytes
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return _optional_decoder(arguments)
    if origin is tuple:
        return _tuple_decoder(arguments)
    # A field held packed (model.PackedTuple) is written as the tuple it equals, and read as one.
    if origin is Sequence:
        return _tuple_decoder((arguments[0], ...))
    if origin is dict and arguments[0] is str:
        values = decoder(arguments[1])
        return lambda data: {_plain(str)(k): values(v) for k, v in _checked(data, dict).items()}
    raise TypeError(f"no JSON form for {kind!r}")


# The JSON types each plain field type reads from (JSON writes 1.0 as 1.0, but a float field may hold an int).
_READ_AS: dict[type, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (int, float),
    bool: (bool,),
    dict: (dict,),
    list: (list,),
}


def _checked(data: Any, kind: type) -> Any:
    if type(data) not in _READ_AS[kind]:
        raise ValueError(f"expected {kind.__name__}, found {type(data).__name__}")
    return data


def _plain(kind: type) -> Decoder:
    return lambda data: _checked(data, kind)


def _bytes(data: Any) -> bytes:
    return base64.b64decode(_checked(data, str), validate=True)  # binascii.Error is a ValueError


def _date(data: Any) -> dt.date:
    return dt.date.fromisoformat(_checked(data, str))


def _optional_decoder(arguments: tuple) -> Decoder:
    others = [argument for argument in arguments if argument is not type(None)]
    if len(others) != 1:
        raise TypeError(f"no JSON form for a union of {arguments!r}")
    inner = decoder(others[0])
    return lambda data: None if data is None else inner(data)


def _tuple_decoder(arguments: tuple) -> Decoder:
    if len(arguments) == 2 and arguments[1] is Ellipsis:
        item = decoder(arguments[0])
        return lambda data: tuple(item(value) for value in _checked(data, list))
    items = [decoder(argument) for argument in arguments]

    def fixed(data: Any) -> tuple:
        if len(_checked(data, list)) != len(items):
            raise ValueError(f"expected {len(items)} values, found {len(data)}")
        return tuple(read(value) for read, value in zip(items, data))

    return fixed


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = [decoder(hints[f.name]) for f in dataclasses.fields(kind)]
    count = len(fields)
    if all(hints[f.name] in _PLAIN for f in dataclasses.fields(kind)):
        checks = [_READ_AS[hints[f.name]] for f in dataclasses.fields(kind)]

        def plain(
            data: Any,
        ) -> Any:  # most values (mentions, blocks): checked without a call per field
            if len(_checked(data, list)) != count:
                raise ValueError(f"expected {count} fields of {kind.__name__}, found {len(data)}")
            for value, check in zip(data, checks):
                if type(value) not in check:
                    raise ValueError(f"unexpected {type(value).__name__} in {kind.__name__}")
            return kind(*data)

        return plain

    def structured(data: Any) -> Any:
        if len(_checked(data, list)) != count:
            raise ValueError(f"expected {count} fields of {kind.__name__}, found {len(data)}")
        return kind(*(read(value) for read, value in zip(fields, data)))

    return structured
