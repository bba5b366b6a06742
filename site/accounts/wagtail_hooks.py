from wagtail import hooks

from . import services

ROLES_BEFORE_EDIT = "_vru_roles_before_edit"


@hooks.register("register_log_actions")
def register_security_log_actions(actions):
    actions.register_action("vru.staff_sign_in", "Staff sign-in", "Signed in")
    actions.register_action(
        "vru.staff_sign_in_failed", "Failed staff sign-in", "Failed sign-in attempt"
    )
    actions.register_action("vru.mfa_changed", "Two-step sign-in changed", "Changed MFA")
    actions.register_action("vru.password_changed", "Password changed", "Changed password")
    actions.register_action("vru.role_changed", "Roles changed", "Changed roles")


@hooks.register("before_edit_user")
def remember_roles_before_edit(request, user):
    if request.method == "POST":
        setattr(request, ROLES_BEFORE_EDIT, services.role_snapshot(user))


@hooks.register("after_edit_user")
def log_role_changes(request, user):
    before = getattr(request, ROLES_BEFORE_EDIT, None)
    if before is not None:
        services.record_role_change(request.user, user, before)
