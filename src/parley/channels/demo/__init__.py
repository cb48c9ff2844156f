"""The demo channel: the desk's "demo contact" button, a pretend inbound call from a demo customer sent to
routing as a `NewContact` (only when the server runs with PARLEY_DEMO_CONTACTS)."""
