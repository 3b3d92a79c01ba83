"""Why a catalog write did not happen, in a module of its own so that what writes into a
catalog from outside (catalog_merge) can catch it without importing the catalog back."""


class CatalogBusy(Exception):
    """Another program held the catalog past the caller's deadline; nothing was written.
    The same write can succeed later: callers keep it and try again."""

    reason = "the catalog is busy (another program is using it)"


class CatalogFull(CatalogBusy):
    """The disk holding the catalog is full: nothing was written. Like a busy catalog it
    passes (once the photographer makes room), so it is kept and tried again the same way."""

    reason = "the disk holding the catalog is full"


class CatalogUnwritable(CatalogBusy):
    """The disk refused to write the catalog: it turned read-only under the open shoot (a
    card or disk the kernel remounts after errors, a locked file) or failed the write.
    Nothing was written. It may pass (the disk is unlocked, comes back, or is remounted),
    so, like a full disk, the write is kept and tried again rather than taken back."""

    reason = "the disk holding the catalog refuses to write it"


class CatalogReplaced(CatalogBusy):
    """The catalog file was replaced or deleted under the open shoot (a sync tool replacing
    it, a backup restored, the .shotkind folder deleted): nothing was written to it. It is
    not the disk refusing, and it never passes by waiting, so the catalog has been opened
    again at its path (a new one where it was deleted): the same write, tried again, goes
    there and to its sidecars, from which the next opening takes what the lost one held."""

    reason = "the catalog was replaced or deleted by another program"


class CatalogReadOnly(Exception):
    """A decision was to be saved to a catalog opened read-only (Catalog.read_only says why)."""
