"""Rule kinds, one module each (KIND_MODULES): a kind's module is imported when a rule of that kind
is first built, so listing and explaining rules imports no spaCy or Presidio."""
from .base import CATEGORIES, KIND_MODULES, KINDS, Context, Hit, Rule, RuleSpec, build_rule, kind, kind_class

__all__ = ["CATEGORIES", "KIND_MODULES", "KINDS", "Context", "Hit", "Rule", "RuleSpec", "build_rule", "kind",
           "kind_class"]
