"""Batch review of folders and exports: inputs.py (where drafts come from), review.py (checking
them in this process or worker processes, and the review's summary), cluster.py (the same on a
Dask cluster), baseline.py (findings accepted earlier).
"""
