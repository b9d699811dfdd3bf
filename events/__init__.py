"""events: Arabic and English news articles in, a coded, validated, versioned
CAMEO event dataset out.

    >>> import events
    >>> df = events.load()            # the latest release under ./output
    >>> events.codebook()             # every column and code, as a DataFrame

`import events` stays cheap: `load` and `codebook` (from `events.api`) import
pandas and pyarrow only when first used.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "codebook", "load"]


def __getattr__(name: str) -> Any:
    if name == "load":
        from events.api import load as _load

        return _load
    raise AttributeError(f"module 'events' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"load", "codebook"})


class _CallableModule(types.ModuleType):
    """`events.codebook` is both the module that writes CODEBOOK.md and a function."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from events.api import codebook as _codebook

        return _codebook(*args, **kwargs)


class _Package(types.ModuleType):
    # `events.codebook` names a submodule, which the import system binds on the
    # package when it is first imported; this property makes that name resolve
    # to the submodule made callable, so both `events.codebook()` and
    # `events.codebook.codebook_markdown` work whatever was imported first.
    @property
    def codebook(self) -> Any:
        mod = sys.modules.get("events.codebook") or import_module("events.codebook")
        if not isinstance(mod, _CallableModule):
            mod.__class__ = _CallableModule
        return mod

    @codebook.setter
    def codebook(self, value: Any) -> None:
        pass  # the getter finds the submodule in sys.modules


sys.modules[__name__].__class__ = _Package
