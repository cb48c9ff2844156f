"""Accounts: users and roles, password login with sessions and CSRF, API tokens, lockout and the audit log.

Other slices ask this one who the caller is (`parley.platform.auth`) and record what they change in the audit log.
"""
