"""Accounts: users and roles, password login with sessions and CSRF, API tokens, lockout, the audit log.

Other slices learn who the caller is through `parley.platform.deps` and record changes in the audit log.
"""
