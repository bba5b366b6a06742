"""Find themes in free-text answers (issue 15, decision 0023).

`engine` clusters unit-length sentence vectors and describes each cluster with class-based
TF-IDF top words, a short label and three representative answers; it knows nothing of
Django. `runs` stores a request (`ThemeRun`), runs it in the task worker with progress, and
does the analyst's edits (rename, merge, split, discard). Apps say where the texts of the
things they cluster come from with `sources.register_theme_source`.
"""
