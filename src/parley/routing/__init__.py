"""Routing: queues, skills, agents and contacts in line (see docs/routing.md)."""
