"""Paper and workshop responses (decision 0032): typing one in through the public question
pages in staff mode, and importing many from the survey's template. Both need
`consultations.enter_paper_response` (Feedback moderator and manager)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from consultations.models import ConsultationPage, EntrySource
from consultations.services import ConsultationNotOpen, may_take_staff_entry
from consultations.survey_state import start_staff_entry, stop_staff_entry

from .. import paper_import
from .common import permission_required

ENTER = "enter_paper_response"
IMPORT_SESSION_KEY = "feedback:paper_import:{pk}"


class StaffEntryForm(forms.Form):
    source = forms.ChoiceField(
        label="Where did this response come from?",
        choices=[(EntrySource.PAPER, "A paper form"), (EntrySource.WORKSHOP, "A workshop")],
        initial=EntrySource.PAPER,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Workshop or session (optional)",
        required=False,
        max_length=200,
        help_text="For example 'Hackney youth club, 12 November'.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Filled-in template (CSV or XLSX, up to 5 MB)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _consultation(pk) -> ConsultationPage:
    return get_object_or_404(ConsultationPage.objects.specific(), pk=pk)


@permission_required(ENTER)
def paper_index(request):
    consultations = [
        page
        for page in ConsultationPage.objects.live().order_by("-opens_at")
        if may_take_staff_entry(page)
    ]
    return render(
        request,
        "consultations/feedback/paper_index.html",
        {"consultations": consultations},
    )


@permission_required(ENTER)
def paper_entry(request, pk):
    """Choose paper or workshop, then type the form in on the public question pages."""
    consultation = _consultation(pk)
    form = StaffEntryForm(request.POST or None)
    if not may_take_staff_entry(consultation):
        messages.error(request, "This consultation has not opened yet.")
        return redirect("feedback:paper_index")
    if request.method == "POST" and form.is_valid():
        start_staff_entry(
            request,
            consultation,
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
        )
        return redirect(consultation.subpage_url("step_route", number=1))
    return render(
        request,
        "consultations/feedback/paper_entry.html",
        {"consultation": consultation, "form": form},
    )


@require_POST
@permission_required(ENTER)
def paper_entry_stop(request, pk):
    consultation = _consultation(pk)
    stop_staff_entry(request, consultation)
    messages.success(request, "You have stopped entering paper responses.")
    return redirect("feedback:paper_index")


@permission_required(ENTER)
def import_template(request, pk, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format")
    consultation = _consultation(pk)
    if file_format == "xlsx":
        body = paper_import.template_xlsx(consultation)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = paper_import.template_csv(consultation)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    name = f"{consultation.slug}-paper-responses-template.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(ENTER)
def import_responses(request, pk):
    """Upload a filled-in template: every bad row is listed and nothing is stored; a clean
    file is kept (as its cells, in the server-side session) until it is confirmed."""
    consultation = _consultation(pk)
    key = IMPORT_SESSION_KEY.format(pk=consultation.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"consultation": consultation, "form": form}
    if request.method == "POST" and form.is_valid():
        request.session.pop(key, None)
        upload = form.cleaned_data["file"]
        try:
            if upload.size > paper_import.MAX_FILE_BYTES:
                raise paper_import.ImportFileError(
                    "The file is bigger than 5 MB. Split it into smaller files."
                )
            table = paper_import.read_table(upload.name, upload.read())
        except paper_import.ImportFileError as error:
            form.add_error("file", str(error))
            return render(request, "consultations/feedback/paper_import.html", context, status=400)
        checked = paper_import.check_table(consultation, table)
        context["checked"] = checked
        if not checked.is_clean:
            return render(request, "consultations/feedback/paper_import.html", context, status=400)
        request.session[key] = {"digest": checked.digest, "table": table}
        return render(request, "consultations/feedback/paper_import_confirm.html", context)
    return render(request, "consultations/feedback/paper_import.html", context)


@require_POST
@permission_required(ENTER)
def import_confirm(request, pk):
    consultation = _consultation(pk)
    kept = request.session.pop(IMPORT_SESSION_KEY.format(pk=consultation.pk), None)
    if not isinstance(kept, dict) or kept.get("digest") != request.POST.get("digest"):
        messages.error(request, "Upload the file again: this import has expired.")
        return redirect("feedback:paper_import", pk=consultation.pk)
    # Checked again: the survey may have changed since the preview.
    checked = paper_import.check_table(consultation, kept["table"])
    if not checked.is_clean:
        messages.error(
            request, "The survey has changed since the file was checked. Upload it again."
        )
        return redirect("feedback:paper_import", pk=consultation.pk)
    try:
        stored, already = paper_import.import_checked(consultation, checked, request.user)
    except ConsultationNotOpen:
        messages.error(request, "This consultation has not opened yet.")
        return redirect("feedback:paper_index")
    text = f"{stored} responses imported."
    if already:
        text += f" {already} rows were already imported from this file and were not added again."
    messages.success(request, text)
    return redirect("feedback:paper_index")
