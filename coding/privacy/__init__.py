"""Pseudonymisation: find names of people, places and organisations, review, replace.

The flow: ``add_terms`` (the researcher's own list, optional) and ``detect`` store findings;
``decide`` and ``set_pseudonym`` review them; then either ``apply_to_project`` (one undoable
operation) or ``export_pseudonymiser`` for exports only. The mapping from real names to
pseudonyms lives in the project (models.privacy) and is never written into an export.
Heavy models load on first use, so importing this package is cheap.
"""

from __future__ import annotations

from coding.privacy.apply import ApplySummary, apply_to_project, export_pseudonymiser
from coding.privacy.detection import DetectionSummary, detect
from coding.privacy.forget import Forgotten, forget
from coding.privacy.review import (
    EntityView,
    FindingView,
    decide,
    list_entities,
    list_findings,
    set_pseudonym,
)
from coding.privacy.share import pseudonymised_copy
from coding.privacy.terms import Term, add_terms, parse_terms, read_terms

__all__ = [
    "ApplySummary",
    "DetectionSummary",
    "EntityView",
    "FindingView",
    "Forgotten",
    "Term",
    "add_terms",
    "apply_to_project",
    "decide",
    "detect",
    "export_pseudonymiser",
    "forget",
    "list_entities",
    "list_findings",
    "parse_terms",
    "pseudonymised_copy",
    "read_terms",
    "set_pseudonym",
]
