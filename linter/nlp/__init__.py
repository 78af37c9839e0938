"""The parse: a draft cut into language segments, each parsed once by its language's spaCy
pipeline, and Presidio reading that same Doc.

segments.py (segments, pipelines, data folders), presidio_adapter.py, phones.py (the phone
recognizer); the stand-ins that pay their way (bench/bench_standins.py): morphology.py (memory),
entity_worker.py (the server's entities found in a second process).
"""
