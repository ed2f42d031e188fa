"""The three roles as groups, and the permissions each one gets.

The rules name app labels and permission actions, not single codenames, so a model that a later
feature adds is covered as soon as `apply_role_permissions` runs again: every feature that adds
models ships a one-line data migration that calls it. These rules are the single source of truth
for the three groups: applying them replaces whatever was set on those groups by hand.
"""

from dataclasses import dataclass

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from partners.roles import MEMBER_GROUP, OPERATOR_GROUP, STAFF_GROUP

ALL_ACTIONS = None


@dataclass(frozen=True)
class Rule:
    """Grants the permissions of one app, optionally only some actions and some models."""

    app_label: str
    actions: tuple[str, ...] | None = ALL_ACTIONS  # "add", "change", "delete", "view"; None = every permission
    models: tuple[str, ...] | None = None  # lower-case model names; None = every model of the app

    def matches(self, app_label, model, codename):
        if app_label != self.app_label:
            return False
        if self.models is not None and model not in self.models:
            return False
        if self.actions is None:
            return True
        return any(codename == f"{action}_{model}" for action in self.actions)


ROLE_RULES = {
    # City staff keep all content; they look up people (e.g. to add a member) but do not manage accounts.
    STAFF_GROUP: (
        Rule("partners"),
        Rule("crises"),
        Rule("donations"),
        Rule("warehouse"),
        Rule("dortmund_hilft"),
        Rule("auth", actions=("view",), models=("user",)),
    ),
    # The warehouse operator runs the hall; it reads partners and donations and handles donation offers.
    OPERATOR_GROUP: (
        Rule("warehouse"),
        Rule("partners", actions=("view",)),
        Rule("donations", actions=("view",)),
        Rule("donations", actions=("change",), models=("donationoffer",)),
    ),
    # Association members work in their own area outside the admin: no model permissions.
    MEMBER_GROUP: (),
}


def apply_role_permissions(apps, using=DEFAULT_DB_ALIAS):
    """Create the role groups if needed and give each exactly the permissions its rules match.

    `apps` is a migration's historical app registry or django.apps.apps. Permissions are normally
    created after `migrate`; a data migration runs earlier, so create them here first.
    """
    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is None:
            if not any(app_config.get_models()):
                continue
            # A migration's app registry has no models modules; create_permissions skips apps without one.
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_labels = {rule.app_label for rules in ROLE_RULES.values() for rule in rules}
    candidates = list(
        Permission.objects.using(using)
        .filter(content_type__app_label__in=app_labels)
        .values_list("pk", "content_type__app_label", "content_type__model", "codename")
    )
    for name, rules in ROLE_RULES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = [
            pk
            for pk, app_label, model, codename in candidates
            if any(rule.matches(app_label, model, codename) for rule in rules)
        ]
        group.permissions.set(wanted)
