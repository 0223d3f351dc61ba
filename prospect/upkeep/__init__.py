"""Keeping profiles current: changes, import/export, search, privacy rights."""
