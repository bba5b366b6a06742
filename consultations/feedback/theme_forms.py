"""Forms for themes found in answers. Plain Django forms: every action works without JS. The
name rules live in one place (`assisted_coding.themes.runs.clean_label`). No help_text: the
shared field partial does not give it the id Django's aria-describedby points at, so the
hints are written in the template."""

from django import forms

from assisted_coding.themes import runs


class ThemeLabelField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", runs.LABEL_LENGTH)
        kwargs["error_messages"] = {
            "max_length": f"The name must be {runs.LABEL_LENGTH} characters or fewer.",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value and not self.required:
            return ""
        try:
            return runs.clean_label(value)
        except runs.ThemeError as problem:
            raise forms.ValidationError(str(problem)) from None


class ThemeRenameForm(forms.Form):
    label = ThemeLabelField(
        label="Name",
        error_messages={"required": "Enter a name for the theme."},
    )


class ThemeSplitForm(forms.Form):
    parts = forms.TypedChoiceField(
        label="Split into",
        choices=[(n, f"{n} themes") for n in range(2, runs.MAX_PARTS + 1)],
        coerce=int,
        initial=2,
    )


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ThemeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ThemeMergeForm(forms.Form):
    themes = ThemeMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Themes to merge",
        error_messages={"required": "Choose the themes to merge."},
    )
    into = ThemeChoiceField(
        queryset=None,
        label="Merge into",
        empty_label="Choose a theme",
        error_messages={"required": "Choose the theme to merge into."},
    )
    label = ThemeLabelField(
        label="New name (optional)",
        required=False,
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
        self.fields["into"].queryset = themes

    def clean(self):
        cleaned = super().clean()
        chosen, into = cleaned.get("themes"), cleaned.get("into")
        if chosen is not None and into is not None and len({*chosen, into}) < 2:
            raise forms.ValidationError("Choose at least two themes to merge.")
        return cleaned
