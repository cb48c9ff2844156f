"""Telephone etiquette: the catalog of phrases operators should avoid (with better alternatives),
the live phrase matcher used by the desk and chat, and the etiquette lint of conversation scripts."""
