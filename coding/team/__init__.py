"""Teamwork: coders, intercoder agreement, merging copies, and shared projects on a server."""
