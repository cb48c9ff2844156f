"""The operator desk: customers (matched from a contact's phone or email), interactions with their
timeline (received, queued, offered, answered, holds, ended, wrap-up) and what the operator records."""
