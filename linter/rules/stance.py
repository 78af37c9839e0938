"""How a phrase is said, read from the parse: asserted by the author or not (denied, supposed,
someone else's words), and aimed at someone or only mentioned.

"They are not crooks", "if she is lying", "they called him a liar" say no one is a crook, a liar;
"lunatic liberals", "antifa scumbags", "Bribery is giving something" name-call a group or talk
about a word, while "what a clown", "you idiot", "this moron", "is a fraud" aim it at someone.
Read in the languages whose pipeline parses casual writing well enough (rules/targets.yaml
`stance: languages`); elsewhere every phrase counts as asserted and aimed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# roles of a word that is what the clause says (a predicate, a fragment, an address)
_SAID_OF = ("ROOT", "attr", "acomp", "oprd", "appos", "npadvmod", "intj", "dep", "parataxis",
            "xcomp", "ccomp", "advcl", "conj")
# roles of a word that only modifies another one ("lunatic liberals", "scam calls")
_MODIFIER = ("amod", "compound", "nmod", "poss", "nummod")
# roles of a word a copula says of its subject ("is the laziest courier")
_PREDICATE = ("attr", "acomp", "oprd")
# determiners and possessives that point at particular people ("this moron", "your idiot boss")
_POINTING = frozenset({"this", "that", "these", "those", "your", "ur", "his", "her", "their", "my", "our"})
_CLIMB = 4


def predicate(span: "Span") -> "Token":
    """The word a phrase turns on: its root, or the first of the coordinated words it belongs to
    ("stupid and lazy": stupid)."""
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def negated(span: "Span", belief_verbs: frozenset[str]) -> bool:
    """Whether the clause of the phrase is denied ("are not crooks", "he never lied"), or a verb
    of belief or saying over it is ("I don't think he is a fraud")."""
    token = predicate(span)
    for _ in range(_CLIMB):
        if any(c.dep_ == "neg" and not _asks(c, token) for c in token.children):
            return True
        if token.dep_ in ("attr", "acomp", "oprd", "xcomp", "dobj", "aux", "auxpass"):
            token = token.head
        elif token.dep_ == "ccomp" and token.head.lemma_.casefold() in belief_verbs:
            token = token.head
        else:
            return False
    return False


def _asks(negation: "Token", head: "Token") -> bool:
    """A negation before the subject asks the reader to agree ("Isn't that the biggest fraud?",
    "Aren't you a clown?"): the question asserts what a denial would deny."""
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return subject is not None and negation.i < subject.i


def supposed(span: "Span", condition_marks: frozenset[str]) -> bool:
    """Whether the phrase is inside a condition ("if she is lying", "unless they cheat")."""
    token = predicate(span)
    for _ in range(_CLIMB + 2):
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in condition_marks for c in token.children):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def reported(span: "Span", naming_verbs: frozenset[str]) -> bool:
    """Whether the phrase is a name someone else gave ("they called him a liar", "the media
    labelled her a fraud"): the complement of a naming verb whose subject is not the author."""
    token = predicate(span)
    for _ in range(2):
        head = token.head
        if head.i == token.i:
            return False
        if (token.dep_ in ("oprd", "xcomp", "ccomp", "attr", "dobj", "pobj", "prep")
                and head.lemma_.casefold() in naming_verbs):
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return subject is None or subject.lower_ not in ("i", "we")
        token = head
    return False


def aimed(span: "Span", names_someone, strict: bool = True) -> bool:
    """Whether a name-calling phrase is aimed at someone: said of its subject or standing on its
    own ("is a clown", "Crooks.", "you idiot"), pointing at someone ("this moron", "your idiot
    boss") or naming them ("idiot Trump"); not a word that modifies another ("lunatic
    liberals"), the object of some other verb or preposition ("they blame the lunatic") or a
    word talked about ("Bribery is…").

    names_someone(token): whether a word of the parse is a target (a name, @handle, "you").
    strict: False for names that insult whoever they stand for ("block the idiot", "a bitch is
    complaining"): any use as a noun is aimed, only a modifier of no one ("idiot proof") is not."""
    token = predicate(span)
    if token.pos_ in ("VERB", "AUX"):
        return len(span) > 1  # a single word read as a verb is no name ("don't fool yourself")
    if token.dep_ in _SAID_OF:
        return True
    if not strict and token.dep_ not in _MODIFIER and token.pos_ in ("NOUN", "PROPN"):
        return True
    if any(names_someone(t) for t in span):
        return True
    if token.dep_ in _MODIFIER:
        # "lunatic liberals" is no one's name, "you are the laziest courier" is
        return names_someone(token.head) or _said_of_someone(token.head, names_someone)
    if any(c.dep_ in ("det", "poss") and c.lower_ in _POINTING for c in token.children):
        return True
    return _after_you(token, names_someone)


def _said_of_someone(token: "Token", names_someone) -> bool:
    """Whether a word is what a copula says of a subject that names someone ("you are the laziest
    courier"; not "there is a sexist argument")."""
    if token.dep_ not in _PREDICATE:
        return False
    subject = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and names_someone(subject)


def _after_you(token: "Token", names_someone) -> bool:
    """"you total hypocrite", "u nasty bitch": the word comes after "you" and words that only
    describe it (the parser often reads such an address as a verb and its object)."""
    for t in reversed(token.doc[max(token.i - 4, token.sent.start):token.i]):
        if names_someone(t) and t.pos_ == "PRON":
            return True
        if not (t.pos_ in ("ADJ", "ADV", "DET", "PART", "INTJ") or t.tag_ == "VBG" or t.dep_ in _MODIFIER):
            return False
    return False
