"""Helpers for the "kern" crispy template pack (templates/kern/) and for pages that show forms.

How to use the pack:
- `{% crispy form %}` renders the <form> (with novalidate and the CSRF token), the error summary,
  every field in KERN markup and the helper's buttons. With `{{ form|crispy }}` write the
  `<form method="post" novalidate>` and `{% csrf_token %}` yourself.
- `{% block title %}{{ form|title_prefix }}Page{% endblock %}` starts the title with "Fehler: ".
- `{% error_summary form %}` first in the content block puts the "Es gibt ein Problem" box first in
  <main>; the pack then does not repeat it. A small script focuses it when JavaScript runs. A page
  with a form and formsets names them all in one tag, `{% error_summary form lines %}`: one box per
  page, since the box has fixed ids.
- `form.helper.privacy_link = True` puts the link to the privacy notice beside the buttons.
- Widget attrs (autocomplete, inputmode, ...) pass through. Radios, checkbox groups and multi-part
  fields are a fieldset with a legend; give a MultiWidget `part_labels = ["Tag", "Monat", "Jahr"]`
  so each part gets its own label.
"""

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_SUMMARY_SHOWN = "_kern_error_summary_shown"


def _has_errors(form):
    if form is None or not getattr(form, "is_bound", False):
        return False
    if isinstance(form, BaseFormSet):
        return form.total_error_count() > 0
    return bool(form.errors)


@register.filter
def title_prefix(form):
    """Usage: {% block title %}{{ form|title_prefix }}Barrierefreiheit{% endblock %}."""
    return _("Fehler: ") if _has_errors(form) else ""


def field_anchor(bound_field):
    """The id of the element the error summary links to: the input, or the first option of a group."""
    widget = bound_field.field.widget
    base_id = widget.attrs.get("id") or bound_field.auto_id
    if not base_id:
        return ""
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
        return widget.id_for_label(base_id, "0")
    return bound_field.id_for_label or f"{base_id}_0"


def _first_field_anchor(form):
    visible = form.visible_fields()
    return field_anchor(visible[0]) if visible else ""


def _form_summary_items(form, non_field_anchor=""):
    items = [{"message": error, "anchor": non_field_anchor} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            # Django's generic messages ("This field is required") do not say which field they are about.
            generic = error in bound_field.field.error_messages.values()
            message = f"{bound_field.label}: {error}" if bound_field.is_hidden or generic else error
            items.append({"message": message, "anchor": "" if bound_field.is_hidden else field_anchor(bound_field)})
    return items


def summary_items(form):
    if isinstance(form, BaseFormSet):
        # "Add at least one line" is about the rows as a whole: the link goes to the first row's first field.
        first_row = _first_field_anchor(form.forms[0]) if form.forms else ""
        items = [{"message": error, "anchor": first_row} for error in form.non_form_errors()]
        for subform in form.forms:
            items += _form_summary_items(subform, non_field_anchor=_first_field_anchor(subform))
        return items
    return _form_summary_items(form)


def _mark_shown(form):
    setattr(form, _SUMMARY_SHOWN, True)
    for subform in getattr(form, "forms", ()):  # a formset's summary already lists its forms' errors
        setattr(subform, _SUMMARY_SHOWN, True)


@register.simple_tag
def error_summary(*forms):
    """Render one error summary for a page's forms and formsets, listing each form at most once.

    The box has fixed ids, so a page with several forms names them all in one tag.
    """
    forms = [form for form in forms if _has_errors(form) and not getattr(form, _SUMMARY_SHOWN, False)]
    if not forms:
        return ""
    items = []
    for form in forms:
        _mark_shown(form)
        items += summary_items(form)
    return render_to_string("kern/error_summary.html", {"items": items})


@register.filter
def uses_fieldset(bound_field):
    """Radios, checkbox groups and multi-part widgets are grouped in a fieldset with a legend."""
    return bound_field.field.widget.use_fieldset


@register.filter
def is_multiple_select(bound_field):
    widget = bound_field.field.widget
    return isinstance(widget, forms.Select) and widget.allow_multiple_selected


@register.filter
def describedby(bound_field):
    """The ids that describe a grouped field (hint, error); Django sets them itself on single inputs."""
    ids = []
    if bound_field.auto_id:
        if bound_field.help_text:
            ids.append(f"{bound_field.auto_id}_helptext")
        if bound_field.errors:
            ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


@register.filter
def kern_option(choice, css_class):
    """Render one radio or checkbox of a group with KERN's class, keeping Django's attributes."""
    attrs = dict(choice.data["attrs"])
    attrs["class"] = " ".join(filter(None, [attrs.get("class", ""), css_class]))
    # A new BoundWidget: the field caches its options, and a second rendering must not add the class twice.
    option = BoundWidget(choice.parent_widget, {**choice.data, "attrs": attrs}, choice.renderer)
    return option.tag(wrap_label=False)


def _part_labels(widget, subwidgets):
    if getattr(widget, "part_labels", None):
        return [str(label) for label in widget.part_labels]
    if isinstance(widget, forms.SelectDateWidget):
        by_suffix = {"_day": _("Tag"), "_month": _("Monat"), "_year": _("Jahr")}
        return [label for sub in subwidgets for suffix, label in by_suffix.items() if sub["name"].endswith(suffix)]
    if isinstance(widget, forms.SplitDateTimeWidget):
        return [_("Datum"), _("Uhrzeit")]
    return []


@register.filter
def field_parts(bound_field):
    """The parts of a multi-part field (day / month / year, date / time), each with its own label.

    Labels come from the widget's `part_labels` (a list, one per part); SelectDateWidget and
    SplitDateTimeWidget have German defaults. Returns [] when the parts cannot be labelled; the pack
    then renders the widget as Django does.
    """
    widget = bound_field.field.widget
    base_id = widget.attrs.get("id") or bound_field.auto_id
    attrs = bound_field.build_widget_attrs({"id": base_id} if base_id else {})
    subwidgets = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"].get("subwidgets", [])
    labels = _part_labels(widget, subwidgets)
    if not subwidgets or len(labels) != len(subwidgets):
        return []
    suffix = "--error" if bound_field.errors else ""
    parts = []
    for sub, label in zip(subwidgets, labels, strict=True):
        is_select = "choices" in sub or "optgroups" in sub
        css = "kern-form-input__select" if is_select else "kern-form-input__input"
        classes = [sub["attrs"].get("class", ""), css, f"{css}{suffix}" if suffix else ""]
        sub = {**sub, "attrs": {**sub["attrs"], "class": " ".join(filter(None, classes))}}
        # Django's own widget template with autoescaping; Widget._render marks it safe the same way.
        html = mark_safe(bound_field.form.renderer.render(sub["template_name"], {"widget": sub}))  # noqa: S308
        parts.append({"label": label, "id": sub["attrs"].get("id", ""), "html": html, "is_select": is_select})
    return parts


_BOOTSTRAP_BUTTON_CLASSES = {"btn", "btn-primary", "btn-inverse", "hidden"}


@register.filter
def extra_button_classes(input_object):
    """crispy's Submit/Button/Reset carry Bootstrap classes; keep only the ones a layout added."""
    return " ".join(c for c in input_object.field_classes.split() if c not in _BOOTSTRAP_BUTTON_CLASSES)
