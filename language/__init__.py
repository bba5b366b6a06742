"""The language layer: turning free text into meaning (sentence embeddings) for every app.

The lowest layer: it imports nothing from home, consultations, events or ypag. Public API:

- `language.encoder.encode(texts) -> numpy array` (one unit-length row per text; loads the
  local model on first use, in the task worker or a command, never in a web request);
- `language.encoder.model_version() -> str` (cheap: read from settings, loads nothing);
- `language.services.store_vectors(obj, {key: text}) -> {key: vector}` and
  `language.services.vectors_for(obj)` for the stored vector of each free-text answer.

See docs/decisions/0016-language-layer.md.
"""
