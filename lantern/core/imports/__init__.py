"""The one file import pipeline every app uses (ADR 19).

upload (CSV or XLSX, kept encrypted) → column mapping proposed from headers and values,
confirmed by a person and remembered per source → checking with a per-row report →
staging and an atomic commit through the app's service → progress through background jobs.

``reading``, ``mapping`` and ``report`` are plain Python; ``registry`` is where an app
declares its import; ``pipeline`` runs it (Django).
"""
