"""The one exception hierarchy of the library.

Library code raises these; only `events.cli` turns them into messages and
exit codes. Problems with a single input record are not exceptions: they are
`Reject` rows with a reason code (see `events.taxonomy.REJECT_REASONS`).
"""

from __future__ import annotations


class EventsError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1


class UsageError(EventsError):
    """The caller asked for something impossible (bad option, missing path)."""

    exit_code = 2


class InputPathError(UsageError):
    """An input path does not exist or cannot be read."""


class DictionaryError(EventsError):
    """A dictionary file under `events/data/` is malformed."""


class SchemaValidationError(EventsError):
    """A table broke its pandera schema; nothing was written.

    `failures` holds one human-readable line per failed (row, column, check).
    """

    exit_code = 3

    def __init__(self, table: str, failures: list[str]) -> None:
        self.table = table
        self.failures = failures
        shown = "\n".join(f"  {f}" for f in failures[:20])
        more = f"\n  … and {len(failures) - 20} more" if len(failures) > 20 else ""
        super().__init__(f"table {table!r} failed validation:\n{shown}{more}")


class StrictModeError(EventsError):
    """`--strict` was given and the build rejected at least one record."""

    exit_code = 3


class LockedError(EventsError):
    """Another build holds the lock on this output root."""

    exit_code = 4


class ReleaseError(EventsError):
    """A release could not be written, read or found."""

    exit_code = 5


class VerifyError(ReleaseError):
    """A release failed verification (checksums, schema or counts)."""

    exit_code = 6


class AccountingError(EventsError):
    """coded + no event + rejected did not add up to records read (a bug)."""

    exit_code = 1


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a build; no release was published.

    A KeyboardInterrupt still (code that catches that keeps working), with
    the counts reached: records read and articles coded before the stop.
    """

    exit_code = 130

    def __init__(self, read: int, coded: int) -> None:
        self.read = read
        self.coded = coded
        super().__init__(f"interrupted after reading {read} records and coding {coded} articles")
