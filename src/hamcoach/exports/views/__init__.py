"""The public ``--json`` formats, as view models (documented in docs/json.md).

Each output is a frozen dataclass whose field names *are* the JSON keys, in
order, and whose values are already in their public form (dates as ISO
strings, enums as their values); ``jsonable`` turns one into the dict the CLI
prints. A ``*_view`` function builds each from domain objects. These are
deliberately not the storage formats (``domain/codec.py``): a column can be
renamed without a script that reads ``plan show --json`` noticing.
``tests/unit/test_views.py`` checks every model against the tables and field
lists in docs/json.md, so the two cannot drift apart.

One module per output (``catalog``, ``plan``, ``history``, ``people``,
``progress``) and ``base.jsonable``; this package imports none of them, so a
command pays only for the view it prints.

Nothing here reads storage or calls a service (tests/unit/test_architecture.py):
where a service's record is the source, a Protocol names the attributes read.
"""
