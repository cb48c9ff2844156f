"""The email channel: offers an agent sends from a script's email step (sent once per key, recorded on the
interaction, retried on failure) and the tools of the offer editors (markup preview, attachable files)."""
