"""Network allowlists (the article's firewall): which client addresses may sign in as staff and use the
staff API; the public customer endpoints are never restricted. The check is `middleware.py`."""
