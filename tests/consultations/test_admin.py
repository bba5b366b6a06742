"""Editors can open the consultation editor with every question block."""

import pytest

from consultations.blocks import SurveyBlock
from tests.support.mfa import give_mfa


@pytest.fixture
def editor_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "e@example.org", "x" * 16)
    give_mfa(admin)  # the admin lets staff in only with two-step sign-in
    client.force_login(admin)
    return client


def test_editor_add_and_edit_pages_render(editor_client, index_page, consultation):
    add = editor_client.get(f"/admin/pages/add/consultations/consultationpage/{index_page.pk}/")
    assert add.status_code == 200
    edit = editor_client.get(f"/admin/pages/{consultation.pk}/edit/")
    assert edit.status_code == 200
    assert "Agreement scale" in edit.content.decode()


def test_every_block_has_an_icon_template_and_preview():
    for name, block in SurveyBlock().child_blocks.items():
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.meta.template, name
        assert block.meta.preview_value, name


def test_ranking_the_priority_areas_needs_no_options():
    """The options help says "leave empty" to rank the priority areas: an empty list is valid."""
    from wagtail.blocks import StructBlockValidationError

    from consultations.blocks import RankingQuestionBlock

    block = RankingQuestionBlock()
    value = block.to_python(
        {"label": "Rank these", "required": True, "options_list": [], "use_priority_areas": True}
    )
    assert block.clean(value)["use_priority_areas"] is True
    one_option = block.to_python(
        {"label": "Rank these", "required": True, "options_list": ["Only one"]}
    )
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(one_option)
    assert "Add at least two options" in str(refused.value.block_errors["options_list"])
