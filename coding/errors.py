"""Errors the services raise for people to read: each message says what is wrong and where."""

from __future__ import annotations


class TranscodaError(Exception):
    """Base of every error a front end shows as a message rather than a crash."""


class NotFound(TranscodaError):
    pass


class Conflict(TranscodaError):
    """The change would break a rule of the project (a duplicate name, an overlap...)."""


class InvalidInput(TranscodaError):
    pass


class ProjectError(TranscodaError):
    """The project file cannot be created, opened or used."""
