"""Why a catalog write did not happen, in a module of its own so that what writes into a
catalog from outside (catalog_merge) can catch it without importing the catalog back."""


class CatalogBusy(Exception):
    """Another program held the catalog past the caller's deadline; nothing was written."""


class CatalogReadOnly(Exception):
    """A decision was to be saved to a catalog opened read-only (Catalog.read_only says why)."""
