"""Comparing across cases: code matrix, co-occurrence, frequencies, retrieval, lemmatised
search with KWIC, auto-coding and keywords. Plain services, no Qt; spaCy loads on first use.
"""

from __future__ import annotations

from coding.analysis.autocode import (
    AutocodePlan,
    ProposedCoding,
    apply_plan,
    plan_from_search,
    plan_from_speaker,
)
from coding.analysis.cooccurrence import CooccurrenceTable, cooccurrence, cooccurrence_passages
from coding.analysis.frequencies import Frequencies, frequencies
from coding.analysis.keywords import GroupKeywords, Keyword, keywords
from coding.analysis.kwic import SearchHit
from coding.analysis.matrix import CodeMatrix, MatrixCell, code_matrix
from coding.analysis.passages import CodedPassage, coded_passages
from coding.analysis.retrieval import Retrieval, RetrievalQuery, retrieve
from coding.analysis.retrieval_report import export_retrieval
from coding.analysis.search import SearchResult, search
from coding.analysis.search_index import IndexReport, refresh_index, stale_documents, verify_index
from coding.analysis.tables import Table, export_table

__all__ = [
    "AutocodePlan",
    "CodeMatrix",
    "CodedPassage",
    "CooccurrenceTable",
    "Frequencies",
    "GroupKeywords",
    "IndexReport",
    "Keyword",
    "MatrixCell",
    "ProposedCoding",
    "Retrieval",
    "RetrievalQuery",
    "SearchHit",
    "SearchResult",
    "Table",
    "apply_plan",
    "code_matrix",
    "coded_passages",
    "cooccurrence",
    "cooccurrence_passages",
    "export_retrieval",
    "export_table",
    "frequencies",
    "keywords",
    "plan_from_search",
    "plan_from_speaker",
    "refresh_index",
    "retrieve",
    "search",
    "stale_documents",
    "verify_index",
]
