"""Every column of every admin list has a German header, not Django's English default from the name."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field

# Headers whose German word is spelt as the attribute's name.
SAME_IN_GERMAN = {"status", "name", "code", "position", "region"}


def columns():
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.list_display:
            if callable(name) or name == "__str__" or name == "action_checkbox":
                continue
            yield pytest.param(model, model_admin, name, id=f"{model._meta.label}.{name}")


@pytest.mark.parametrize(("model", "model_admin", "name"), list(columns()))
def test_the_column_header_is_german(model, model_admin, name):
    label = str(label_for_field(name, model, model_admin))
    default = name.replace("_", " ").strip().lower()
    assert "_" not in label, label
    assert label.lower() != default or name in SAME_IN_GERMAN, (
        f"{model._meta.label}.{name} shows {label!r}: give it a verbose_name or @admin.display(description=…)"
    )
