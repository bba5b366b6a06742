"""Assisted coding: suggested priority areas for free-text answers, on our own server.

Above `language` and `home` (PriorityArea); imports nothing from consultations, events or
ypag. Texts are named as the language layer names them (content type, object id, key).

- `services.sweep()` (a scheduled job) writes an `AreaSuggestion` for every stored
  `TextVector` that has none from the model that applies; `services.suggest_for(owner, texts)`
  does it for texts now. Suggestions are never coding until a person accepts them.
- `training.train(labelled, scope=...)` learns from coded answers; `manage.py
  train_area_model` and the weekly job call it. A worse model is never activated.
- `services.register_scope(owner_model, lookup)` and `tasks.register_coded_examples(source)`
  let an app say which answers belong to a consultation and what staff have coded.

See docs/assisted-coding.md and docs/decisions/0021-suggested-priority-areas.md.
"""
