"""The card of a model (models/<name>.md): what it learned from, under which licence, how it scores."""
from __future__ import annotations

from pathlib import Path

CREDITS = {
    "olid": "OLID (Offensive Language Identification Dataset, Zampieri et al., NAACL 2019), training split, "
            "as distributed in wenliangdai/multi-task-offensive-language-detection: CC BY 4.0",
    "custcare": "custcare: brands' support replies on Twitter and the customers' tweets they answer, from "
                "IBM/twitter-customer-care-document-prediction: Apache-2.0",
    "ja-toxic": "ja-toxic: inspection-ai/japanese-toxic-dataset (a third of it, 91 comments; trained on by the "
                "defamation model, its figures out of fold): Apache-2.0",
    "drafts": "labeled drafts of fictional organizations written for postlint (train/data/drafts/): MIT, this repository",
    "rule-examples": "the flag/ok examples of this category's rule files (rules/): MIT, this repository",
}
PURPOSE = {
    "defamation": "insults and accusations aimed at someone (a person, an @handle, \"you\", a company)",
    "official-statement": "the organization's voice: promises, apologies, announcements, support replies, "
                          "\"we\" speaking for the company",
    "undisclosed-endorsement": "promotion: praise, a push to buy, try or sign up, a deal",
}


def write_card(out: Path, name: str, meta: dict) -> None:
    lines = [
        f"# Model card: {name}",
        "",
        f"Scores each sentence of a draft from 0 to 1 for {PURPOSE[name]}. Read by the rules of kind "
        "`scorer`/`endorsement-scorer` whose `params.model` is "
        f"`{name}` (`postlint explain` names them). {meta['summary'][0].upper()}{meta['summary'][1:]}; the features are those of "
        "`linter/rules/features.py` (version {v}, 2^{b} buckets). CPU only, numpy at run time.".format(
            v=meta["features"], b=meta["bits"]),
        "",
        f"Built by `make train` (train/, fixed seeds, the same files on every run) from the data of {meta['date']}.",
        "",
        "## Training data (rows: negative / positive)",
        "",
        "| source | negative | positive |",
        "|---|---:|---:|",
    ]
    lines += [f"| {k} | {v['negative']} | {v['positive']} |" for k, v in meta["training_rows"].items()]
    lines += ["", "Credits and licences:", ""]
    used = set(meta["training_rows"]) | {d.split("/")[0] for d in meta["development"]}
    lines += [f"- {CREDITS[s]}" for s in CREDITS if s in used]
    lines += [
        "",
        "Japanese: the Japanese training rows are the sentences of the Japanese drafts "
        "(train/data/drafts/ja-*, but the held-out organizations) and the rules' Japanese examples"
        + (", and the 91 ja-toxic comments (casual comments, 10 of them toxic), weighed as drafts"
           if "ja-toxic" in meta["training_rows"] else "")
        + "; there is no larger Japanese corpus to learn from. One model scores both languages: "
        "Japanese text has its own character n-grams and words (GiNZA lemmas), so the languages share "
        "only the parse facts and the bias, and each language has its own threshold.",
    ]
    lines += [
        "",
        "## Thresholds and development scores",
        "",
        "Thresholds (chosen on the development sets below by `make train`, train/measure.py): "
        + ", ".join(f"{k} {v:.3f}" if v is not None else f"{k} off (the rules alone did better on its development sets)"
                    for k, v in sorted(meta["thresholds"].items())) + ".",
        "",
        "Development sets (train/data.py): one in five OLID tweets and custcare conversations (crc32 of "
        "the id modulo 5 is 0), never trained on; the drafts of the trained-on organizations and the "
        "ja-toxic comments scored out of fold (5 folds by organization, by comment: each scored by a "
        "model fitted without its fold). The thresholds are chosen on these. The held-out "
        "organizations (drafts/<org> below: three per language) are never trained or tuned on. "
        "Figures for this category only, counted as the shared eval's score.py counts them (rules "
        "alone, then rules with the scorer at its threshold); \"clean flagged\" is the share of cases "
        "without any expectation that get a finding of this category.",
        "",
        "| set | checked by | P | R | F1 | clean flagged |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for dev, by in sorted(meta["development"].items()):
        for label in ("rules", "model+rules"):
            f = by[label]
            if f["tp"] + f["fn"]:
                lines.append(f"| {dev} | {label} | {f['p']:.2f} | {f['r']:.2f} | {f['f1']:.2f} | {f['clean_flagged']:.1%} |")
            else:  # a set of clean cases only: what counts is how many are flagged
                lines.append(f"| {dev} | {label} | – | – | – | {f['clean_flagged']:.1%} |")
    lines.append("")
    (out / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
