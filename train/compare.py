"""The measurement behind models/README.md: the shipped kind of model against alternatives, on
OLID (insults aimed at someone vs not offensive), same training and development split as
`make train` (train/data.py).

    python -m train.compare [--shared ../shared/data]

For each contender: recall of the development split's targeted insults when at most 5% of its
not-offensive tweets are flagged (the threshold set there), and the CPU time to score one tweet
that is already parsed. Contenders:

- hashed: postlint's scorer (features.py + logistic regression, numpy at run time);
- tfidf: scikit-learn TF-IDF of word 1-2-grams and character 2-5-grams + logistic regression
  (needs scikit-learn and scipy at run time);
- spacy-bow: spaCy's textcat with its bag-of-words architecture (TextCatBOW, word 1-2-grams),
  5 epochs; it reads the Doc's words, not its parse.
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np

from linter.config import Config
from linter.nlp.segments import Pipelines
from linter.rules import features

from . import data
from .fit import matrix
from .parsed import contexts

SEED = 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m train.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=data.REPO.parent / "shared" / "data")
    args = parser.parse_args()
    examples = data.olid(args.shared)
    train = [e for e in examples if e.split == "train"]
    dev = [e for e in examples if e.split == "dev"]
    y_train = np.array([e.labels["defamation"] for e in train])
    y_dev = np.array([e.labels["defamation"] for e in dev])
    print(f"OLID: {len(train)} training tweets, {len(dev)} development tweets ({y_dev.sum()} insults)")
    pipelines = Pipelines()
    for name, contender in (("hashed", hashed), ("tfidf", tfidf), ("spacy-bow", spacy_bow)):
        scores, seconds = contender(train, y_train, dev, pipelines)
        print(f"{name:10} recall at 5% of clean flagged {recall_at(scores, y_dev, 0.05):.3f}   "
              f"{seconds * 1000:.2f} ms CPU per tweet")


def recall_at(scores: np.ndarray, y: np.ndarray, flagged: float) -> float:
    threshold = np.quantile(scores[y == 0], 1 - flagged)
    return float((scores[y == 1] > threshold).mean())


def hashed(train, y_train, dev, pipelines):
    from sklearn.linear_model import LogisticRegression

    def rows(examples):
        return matrix([features.span_features(ctx, 0, len(ctx.text))
                       for ctx in contexts([e.text for e in examples], Config(), pipelines, ["en"] * len(examples))])

    model = LogisticRegression(C=4.0, solver="liblinear", max_iter=5000, random_state=SEED).fit(rows(train), y_train)
    weights = model.coef_[0].astype(np.float32)
    parsed = list(contexts([e.text for e in dev], Config(), pipelines, ["en"] * len(dev)))
    started = time.process_time()
    scores = np.array([float(np.dot(weights[i], v)) for i, v in
                       (features.span_features(ctx, 0, len(ctx.text)) for ctx in parsed)])
    return scores, (time.process_time() - started) / len(dev)


def tfidf(train, y_train, dev, pipelines):
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    texts = [e.text for e in train]
    x = sp.hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    model = LogisticRegression(C=1.0, solver="liblinear", max_iter=5000, random_state=SEED).fit(x, y_train)
    started = time.process_time()
    scores = np.array([model.decision_function(sp.hstack([words.transform([e.text]), chars.transform([e.text])]))[0]
                       for e in dev])
    return scores, (time.process_time() - started) / len(dev)


def spacy_bow(train, y_train, dev, pipelines):
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 262144}})
    for label in ("insult", "clean"):
        textcat.add_label(label)
    items = [Example.from_dict(nlp.make_doc(e.text), {"cats": {"insult": float(y), "clean": float(1 - y)}})
             for e, y in zip(train, y_train)]
    optimizer = nlp.initialize(lambda: items)
    rng = random.Random(SEED)
    for _ in range(5):
        rng.shuffle(items)
        for batch in minibatch(items, size=32):
            nlp.update(batch, sgd=optimizer)
    docs = [nlp.make_doc(e.text) for e in dev]
    started = time.process_time()
    scores = np.array([textcat(doc).cats["insult"] for doc in docs])
    return scores, (time.process_time() - started) / len(dev)


if __name__ == "__main__":
    main()
