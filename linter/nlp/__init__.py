"""The parse: a draft cut into language segments, each parsed once by its language's spaCy
pipeline, and Presidio reading that same Doc.

segments.py (segments, pipelines, data folders), presidio_adapter.py, phones.py (the phone
recognizer); the speed stand-ins: fast_pipes.py, morphology.py, entity_worker.py.
"""
