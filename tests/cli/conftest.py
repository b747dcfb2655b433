"""Fixtures for the ``classbridge`` command line.

The shared ones (``modules_copy``, a real Voilà through ``classbridge serve``)
come from tests/conftest.py; these tests need nothing of their own yet.
"""
