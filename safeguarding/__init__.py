"""Safeguarding screening of submitted free text, and the Safeguarding lead's queue.

Public entry points (import them from these modules, not from here):
- `safeguarding.screening.screen_text(text) -> list[Match]`
- `safeguarding.services.screen_and_flag(source_object, texts, *, source_label, admin_url)`
  (the phrase list inline; the semantic stage queued for the task worker on commit)
- `safeguarding.semantic`: the classifier over sentence vectors, training and scoring
- `safeguarding.tasks`: `screen_pending`, the sweep and the scheduled retrain
"""
