"""The three roles, in one place: their group names and who counts as the warehouse operator.

Every app asks here; the permissions each group gets are set by dortmund_hilft.roles.
"""

STAFF_GROUP = "Koordinierungseinheit"
OPERATOR_GROUP = "Lagerbetrieb"
MEMBER_GROUP = "Verein"


def _group_names(user):
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = user._role_group_names = frozenset(user.groups.values_list("name", flat=True))
    return cached


def is_city_staff(user):
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or STAFF_GROUP in _group_names(user)


def is_operator(user):
    """May run the warehouse: the operator's people, and city staff, who stand in for them."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool({OPERATOR_GROUP, STAFF_GROUP} & _group_names(user))
