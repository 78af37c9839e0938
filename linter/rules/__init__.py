"""Rule kinds: importing this package registers every kind in KINDS."""
from . import pii  # noqa: F401  (registers the kind)
from . import person, sensitive  # noqa: F401  (register their kinds)
from . import lexicon, quote  # noqa: F401  (register their kinds)
from . import codename, conditional, handle  # noqa: F401  (register their kinds)
from . import endorsement, scorer  # noqa: F401  (register their kinds)
from .base import CATEGORIES, KINDS, Context, Hit, Rule, RuleSpec, build_rule, kind

__all__ = ["CATEGORIES", "KINDS", "Context", "Hit", "Rule", "RuleSpec", "build_rule", "kind"]
