"""events: Arabic and English news articles in, a coded, validated, versioned
CAMEO event dataset out.

    >>> import events
    >>> df = events.load()            # the latest release under ./output
    >>> events.codebook()             # every column and code, as a DataFrame
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
