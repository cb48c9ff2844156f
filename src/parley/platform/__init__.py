"""Shared plumbing: database, errors, auth dependencies, logging, HTTP middleware.

Slices import from here; nothing here imports a slice.
"""
