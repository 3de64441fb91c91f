"""Signing in: API tokens, the record of sessions, and what a person sees of both."""
