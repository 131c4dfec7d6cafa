"""Pseudonymisation in the desktop app: the review dialog over coding.privacy."""
