"""Column types reduced to a family and a size, to tell whether ``ALTER COLUMN ... TYPE`` (or
Alembic's ``alter_column(type_=...)``) narrows a column so that existing values are cut or
rejected. Type names follow PostgreSQL's internal names as ``pglast`` reports them
(``int4``, ``varchar``, ``timestamptz``; https://www.postgresql.org/docs/current/datatype.html)
and SQLAlchemy's generic types (https://docs.sqlalchemy.org/en/20/core/type_basics.html).
"""

from __future__ import annotations

from dataclasses import dataclass

_FAMILY = {
    "int2": ("int", 2),
    "smallint": ("int", 2),
    "int4": ("int", 4),
    "int": ("int", 4),
    "integer": ("int", 4),
    "serial": ("int", 4),
    "int8": ("int", 8),
    "bigint": ("int", 8),
    "bigserial": ("int", 8),
    "float4": ("float", 4),
    "real": ("float", 4),
    "float8": ("float", 8),
    "float": ("float", 8),
    "double": ("float", 8),
    "numeric": ("numeric", None),
    "decimal": ("numeric", None),
    "text": ("text", None),
    "varchar": ("text", None),
    "bpchar": ("text", None),
    "char": ("text", None),
    "citext": ("text", None),
    "bool": ("bool", None),
    "boolean": ("bool", None),
    "date": ("date", None),
    "timestamp": ("time", None),
    "timestamptz": ("time", None),
    "datetime": ("time", None),
}

# SQLAlchemy generic type class names -> PostgreSQL type names.
SQLALCHEMY_TYPES = {
    "String": "varchar",
    "Unicode": "varchar",
    "Text": "text",
    "UnicodeText": "text",
    "Integer": "int4",
    "SmallInteger": "int2",
    "BigInteger": "int8",
    "Numeric": "numeric",
    "Float": "float8",
    "Boolean": "bool",
    "Date": "date",
    "DateTime": "timestamp",
    "CHAR": "bpchar",
    "VARCHAR": "varchar",
    "TEXT": "text",
    "INTEGER": "int4",
    "BIGINT": "int8",
    "SMALLINT": "int2",
}


@dataclass(frozen=True)
class ColumnType:
    """A column type: PostgreSQL ``name`` and its modifiers (``varchar(50)`` → ``(50,)``,
    ``numeric(10, 2)`` → ``(10, 2)``)."""

    name: str
    mods: tuple[int, ...] = ()

    def __str__(self) -> str:
        return f"{self.name}({', '.join(map(str, self.mods))})" if self.mods else self.name


def narrowing(old: ColumnType | None, new: ColumnType | None) -> str:
    """``"old -> new"`` when changing a column from ``old`` to ``new`` can truncate or reject
    existing values (``varchar(200) -> varchar(50)``, ``bigint -> integer``, ``text -> integer``,
    ``timestamp -> date``, ``numeric -> integer``); ``""`` when it widens or either is unknown."""
    if old is None or new is None:
        return ""
    of, nf = _FAMILY.get(old.name), _FAMILY.get(new.name)
    if of is None or nf is None:
        return ""
    narrower = False
    if of[0] == nf[0]:
        if of[0] in {"int", "float"}:
            narrower = (nf[1] or 0) < (of[1] or 0)
        elif of[0] in {"text", "numeric"}:
            old_size = old.mods[0] if old.mods else None
            new_size = new.mods[0] if new.mods else None
            narrower = new_size is not None and (old_size is None or new_size < old_size)
            if of[0] == "numeric" and len(old.mods) > 1 and len(new.mods) > 1:
                narrower = narrower or new.mods[1] < old.mods[1]
    else:
        widening = {("int", "numeric"), ("int", "float"), ("int", "text"), ("date", "time")}
        narrower = (of[0], nf[0]) not in widening and nf[0] != "text"
    return f"{old} -> {new}" if narrower else ""
