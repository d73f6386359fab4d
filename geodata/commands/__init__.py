"""Sub-commands of ``unrest-atlas``: one module each, with ``register`` and ``run``."""
