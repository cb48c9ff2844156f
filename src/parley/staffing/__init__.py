"""Staffing: the agents a queue needs, by Erlang C (patient callers) or Erlang A (callers hang up)."""
