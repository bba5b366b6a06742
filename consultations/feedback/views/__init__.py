"""Admin views of the feedback workspace, one module per part of it. They parse input, check
permissions, call `services`, and render. Wagtail wraps every admin URL in its own sign-in
check; each view checks the feedback permission it needs on top of that."""

from .coding import (
    queue,
    queue_index,
    tag_index,
    tag_merge,
    tag_rename,
)
from .paper import (
    import_confirm,
    import_responses,
    import_template,
    paper_entry,
    paper_entry_stop,
    paper_index,
)
from .publishing import publication_decide, publication_queue
from .reports import (
    dashboard,
    export,
    export_codebook,
    export_download,
    export_jobs,
    report,
)
from .responses import (
    accept_suggestion,
    add_note,
    add_quote,
    bulk_action,
    code_answer,
    code_response,
    delete,
    moderate,
    response_detail,
    response_index,
)

__all__ = [
    "accept_suggestion",
    "add_note",
    "add_quote",
    "bulk_action",
    "code_answer",
    "code_response",
    "dashboard",
    "delete",
    "export",
    "export_codebook",
    "export_download",
    "export_jobs",
    "import_confirm",
    "import_responses",
    "import_template",
    "moderate",
    "paper_entry",
    "paper_entry_stop",
    "paper_index",
    "publication_decide",
    "publication_queue",
    "queue",
    "queue_index",
    "report",
    "response_detail",
    "response_index",
    "tag_index",
    "tag_merge",
    "tag_rename",
]
