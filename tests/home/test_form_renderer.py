"""One way to style form fields: the site's form renderer (FORM_RENDERER)."""

from django import forms

from wagtail.admin.forms.search import SearchForm

from home.forms import HoneypotField, SiteEmailField, honeypot_filled


class ExampleForm(forms.Form):
    email = SiteEmailField(help_text="We reply here.")
    age = forms.IntegerField(
        widget=forms.TextInput(attrs={"class": "input input--width-4"}), required=False
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)
    area = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    agree = forms.BooleanField(required=False)
    website = HoneypotField()


def test_widgets_get_the_site_classes_and_hint_ids():
    html = str(ExampleForm()["email"])
    assert 'class="input"' in html
    assert 'aria-describedby="id_email-hint"' in html
    assert 'autocomplete="email"' in html
    form = ExampleForm()
    assert 'class="input input--width-4"' in str(form["age"])
    assert 'class="textarea"' in str(form["notes"])
    assert 'class="select"' in str(form["area"])
    assert 'class="checkboxes__input"' in str(form["agree"])


def test_errors_add_the_error_class_and_id_without_changing_the_form():
    form = ExampleForm(data={"email": "not an email", "age": "x"})
    assert not form.is_valid()
    first = str(form["email"])
    assert 'class="input input--error"' in first
    assert 'aria-describedby="id_email-hint id_email-error"' in first
    assert 'aria-invalid="true"' in first
    assert str(form["email"]) == first  # drawing it again changes nothing
    assert 'class="input input--width-4 input--error"' in str(form["age"])
    # Nothing was written into the shared widgets: a fresh form has no error look.
    assert "--error" not in str(ExampleForm()["email"])
    assert "--error" not in str(ExampleForm()["age"])


def test_field_group_is_the_govuk_template():
    form = ExampleForm(data={"email": "nope"})
    form.is_valid()
    html = form["email"].as_field_group()
    assert 'class="form-group form-group--error"' in html
    assert 'id="id_email-hint"' in html and 'id="id_email-error"' in html
    assert "Enter an email address like name@example.com" in html


def test_admin_forms_are_left_as_django_draws_them():
    html = str(SearchForm()["q"])
    assert 'class="input"' not in html


def test_honeypot():
    assert not honeypot_filled({"website": "  "})
    assert honeypot_filled({"website": "http://spam.example"})
    assert not honeypot_filled({})
