"""Conversation scripts: the model and file format, validation, expressions, versions and the pure runtime.

The designer, the desk and the CLI all work through this slice; nothing else interprets a script.
"""
