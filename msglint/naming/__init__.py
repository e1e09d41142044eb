"""The grammar of message names: tokens, verb lexicon, technical vocabulary, suggestions.

This package imports nothing of msglint's outside itself; the lexicon ships as data (generated from
WordNet 3.0 by scripts/generate_lexicon.py) and is loaded on first use.
"""

from msglint.naming.analysis import NameAnalysis, Reading, Vocabulary, analyse_name
from msglint.naming.inflect import base_form, past_participle
from msglint.naming.tokens import identity_key, tokenize

__all__ = [
    "NameAnalysis",
    "Reading",
    "Vocabulary",
    "analyse_name",
    "base_form",
    "identity_key",
    "past_participle",
    "tokenize",
]
