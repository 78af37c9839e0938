"""`postlint serve`: the local HTTP server behind the browser extension and LanguageTool clients.

app.py (the FastAPI app and start-up), security.py (the guard in front of every request),
languagetool.py (the LanguageTool API), worker.py (where the checks run).
"""
