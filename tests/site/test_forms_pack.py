"""The "kern" crispy template pack renders accessible KERN markup for every kind of field."""

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.template import engines
from django.test.html import Element, parse_html

from dortmund_hilft.templatetags.form_tags import title_prefix


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", required=False, help_text="Vor- und Nachname")
    email = forms.EmailField(
        label="E-Mail", help_text="Für Rückfragen",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    count = forms.IntegerField(label="Anzahl")
    available_from = forms.DateField(label="Verfügbar ab", required=False)
    note = forms.CharField(label="Notiz", widget=forms.Textarea, required=False)
    unit = forms.ChoiceField(label="Einheit", choices=[("", "Bitte wählen"), ("piece", "Stück"), ("kg", "kg")])
    kind = forms.ChoiceField(
        label="Art", choices=[("firm", "Firma"), ("private", "Privatperson")], widget=forms.RadioSelect,
        help_text="Wer bietet an?",
    )
    goods = forms.MultipleChoiceField(
        label="Güter", choices=[("beds", "Betten"), ("food", "Lebensmittel")],
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    agree = forms.BooleanField(label="Ich bin einverstanden")


class SampleLayoutForm(SampleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.privacy_link = True
        self.helper.layout = Layout(
            Fieldset("Ihre Angaben", "name", "email", "website", "count", "available_from", "note"),
            "unit", "kind", "goods", "agree",
        )
        self.helper.add_input(Submit("senden", "Absenden"))


INVALID_DATA = {"name": "Erika", "email": "keine-adresse", "count": "viele", "unit": "", "goods": ["beds"]}


def render(source, **context):
    return engines["django"].from_string("{% load crispy_forms_tags form_tags %}" + source).render(context)


PRESENT = object()  # find(html, "div", data_error_summary=PRESENT): the attribute exists, any value


def walk(node):
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            yield child
            yield from walk(child)


def find_all(html, tag=None, **attrs):
    """Elements of `html` with the tag and attributes given (underscores in names become dashes)."""
    root = parse_html(str(html))
    nodes = ([root] if isinstance(root, Element) and root.name else []) + list(walk(root))
    wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}

    def matches(node):
        present = dict(node.attributes)
        return all(
            key in present if value is PRESENT else present.get(key) == value for key, value in wanted.items()
        )

    return [node for node in nodes if (tag is None or node.name == tag) and matches(node)]


def find(html, tag=None, **attrs):
    found = find_all(html, tag, **attrs)
    assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
    return found[0]


def attr(node, name):
    return dict(node.attributes).get(name)


def text(node):
    parts = (text(child) if isinstance(child, Element) else str(child) for child in node.children)
    return " ".join(" ".join(parts).split())


def test_every_input_has_a_visible_label_tied_by_id():
    html = render("{{ form|crispy }}", form=SampleForm())
    for field_id, label in [
        ("id_name", "Name"), ("id_email", "E-Mail"), ("id_website", "Website"), ("id_count", "Anzahl"),
        ("id_available_from", "Verfügbar ab"), ("id_note", "Notiz"), ("id_unit", "Einheit"),
        ("id_agree", "Ich bin einverstanden"),
    ]:
        assert text(find(html, "label", for_=field_id)).startswith(label)
        assert find(html, id=field_id)


def test_inputs_carry_kern_classes():
    html = render("{{ form|crispy }}", form=SampleForm())
    for field_id in ["id_name", "id_email", "id_website", "id_count", "id_available_from", "id_note"]:
        assert "kern-form-input__input" in attr(find(html, id=field_id), "class")
    assert "kern-form-input__select" in attr(find(html, "select", id="id_unit"), "class")
    assert find(html, "div", **{"class": "kern-form-input__select-wrapper"})
    assert "kern-form-check__checkbox" in attr(find(html, "input", id="id_agree"), "class")
    assert "kern-form-check__radio" in attr(find(html, "input", id="id_kind_0"), "class")
    assert attr(find(html, "input", id="id_count"), "type") == "number"
    assert attr(find(html, "input", id="id_website"), "type") == "url"


def test_optional_fields_are_marked_and_required_ones_are_not():
    html = render("{{ form|crispy }}", form=SampleForm())
    assert "(optional)" in text(find(html, "label", for_="id_name"))
    assert "(optional)" in text(find(html, "label", for_="id_note"))
    assert "(optional)" not in text(find(html, "label", for_="id_email"))
    goods_legend = find_all(find(html, "fieldset", id="div_id_goods"), "legend")[0]
    assert "(optional)" in text(goods_legend)
    assert len(find_all(html, "span", **{"class": "kern-label__optional"})) == 5


def test_hint_sits_under_the_label_and_describes_the_input():
    html = render("{{ form|crispy }}", form=SampleForm())
    hint = find(html, "div", id="id_email_helptext")
    assert attr(hint, "class") == "kern-hint"
    assert text(hint) == "Für Rückfragen"
    assert attr(find(html, "input", id="id_email"), "aria-describedby") == "id_email_helptext"
    assert html.index('for="id_email"') < html.index('id="id_email_helptext"') < html.index('id="id_email"')


def test_radios_and_checkbox_groups_are_fieldsets_with_a_legend():
    html = render("{{ form|crispy }}", form=SampleForm())
    kind = find(html, "fieldset", id="div_id_kind")
    assert text(find_all(kind, "legend")[0]) == "Art"
    assert attr(kind, "aria-describedby") == "id_kind_helptext"
    assert text(find(html, "label", for_="id_kind_1")) == "Privatperson"
    goods = find(html, "fieldset", id="div_id_goods")
    assert len(find_all(goods, "input", type="checkbox")) == 2


def test_widget_attributes_pass_through():
    email = find(render("{{ form|crispy }}", form=SampleForm()), "input", id="id_email")
    assert attr(email, "autocomplete") == "email"
    assert attr(email, "inputmode") == "email"


def test_an_unbound_form_shows_no_errors():
    html = render("{% crispy form %}", form=SampleLayoutForm())
    assert "Es gibt ein Problem" not in html
    assert "kern-error" not in html
    assert not find_all(html, **{"aria-invalid": "true"})


@pytest.fixture
def invalid_html():
    form = SampleLayoutForm(data=INVALID_DATA)
    assert not form.is_valid()
    return render("{% crispy form %}", form=form)


def test_the_form_turns_browser_validation_off(invalid_html):
    form = find(invalid_html, "form")
    assert "novalidate" in dict(form.attributes)
    assert attr(form, "method") == "post"


def test_the_error_summary_comes_first_and_links_to_each_field(invalid_html):
    summary = find(invalid_html, "div", data_error_summary=PRESENT)
    assert "kern-alert--danger" in attr(summary, "class")
    assert attr(summary, "tabindex") == "-1"
    assert "Es gibt ein Problem" in text(summary)
    links = [attr(a, "href") for a in find_all(summary, "a")]
    assert links == ["#id_email", "#id_count", "#id_unit", "#id_kind_0", "#id_agree"]
    assert invalid_html.index("Es gibt ein Problem") < invalid_html.index("<fieldset")
    assert 'src="/static/js/focus-error-summary.js"' in invalid_html


def test_the_message_beside_the_field_matches_the_summary_and_is_tied_to_the_input(invalid_html):
    error = find(invalid_html, "p", id="id_email_error")
    assert attr(error, "class") == "kern-error"
    assert text(find_all(error, "span", **{"class": "kern-sr-only"})[0]) == "Fehler:"
    message = text(error).removeprefix("Fehler:").strip()
    assert message in text(find(invalid_html, "a", href="#id_email"))
    email = find(invalid_html, "input", id="id_email")
    assert attr(email, "aria-invalid") == "true"
    assert attr(email, "aria-describedby") == "id_email_helptext id_email_error"
    assert "kern-form-input__input--error" in attr(email, "class")
    assert "kern-form-input--error" in attr(find(invalid_html, "div", id="div_id_email"), "class")


def test_a_group_with_an_error_is_described_by_hint_and_error(invalid_html):
    kind = find(invalid_html, "fieldset", id="div_id_kind")
    assert attr(kind, "aria-describedby") == "id_kind_helptext id_kind_error"
    assert "kern-fieldset--error" in attr(kind, "class")
    assert attr(find(invalid_html, "input", id="id_kind_0"), "aria-invalid") == "true"
    assert find(invalid_html, "p", id="id_kind_error")


def test_fields_without_errors_are_not_marked_invalid(invalid_html):
    name = find(invalid_html, "input", id="id_name")
    assert attr(name, "aria-invalid") is None
    assert attr(name, "aria-describedby") == "id_name_helptext"


def test_what_was_typed_is_kept(invalid_html):
    assert attr(find(invalid_html, "input", id="id_email"), "value") == "keine-adresse"
    assert attr(find(invalid_html, "input", id="id_name"), "value") == "Erika"
    assert "checked" in dict(find(invalid_html, "input", id="id_goods_0").attributes)


def test_layout_fieldset_submit_and_privacy_link_render(invalid_html):
    legends = [text(node) for node in find_all(invalid_html, "legend")]
    assert "Ihre Angaben" in legends
    button = find(invalid_html, "button", type="submit")
    assert attr(button, "class") == "kern-btn kern-btn--primary"
    assert text(button) == "Absenden"
    assert find(invalid_html, "a", href="/datenschutz/")


def test_a_page_can_put_the_summary_first_and_the_form_does_not_repeat_it():
    form = SampleLayoutForm(data=INVALID_DATA)
    form.is_valid()
    html = render("{% error_summary form %}<h1>Seite</h1>{% crispy form %}", form=form)
    assert html.count("Es gibt ein Problem") == 1
    assert html.index("Es gibt ein Problem") < html.index("<h1>")


def test_a_form_and_a_formset_share_one_summary_and_the_formset_error_links_to_its_first_row():
    class AtLeastOne(forms.BaseFormSet):
        def clean(self):
            raise forms.ValidationError("Geben Sie mindestens eine Zeile an.")

    form = SampleForm(data=INVALID_DATA)
    rows = forms.formset_factory(SampleForm, formset=AtLeastOne, extra=2)(
        data={"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"})
    assert not form.is_valid()
    assert not rows.is_valid()
    html = render("{% error_summary form rows %}{{ rows|crispy }}", form=form, rows=rows)
    assert html.count("Es gibt ein Problem") == 1
    summary = find(html, "div", data_error_summary=PRESENT)
    assert text(find(summary, "a", href="#id_form-0-name")) == "Geben Sie mindestens eine Zeile an."
    assert find(html, "input", id="id_form-0-name")


def test_non_field_errors_are_listed_in_the_summary():
    class PairForm(forms.Form):
        a = forms.CharField(required=False)

        def clean(self):
            raise forms.ValidationError("Die Angaben passen nicht zusammen.")

    form = PairForm(data={"a": "x"})
    form.is_valid()
    summary = find(render("{{ form|crispy }}", form=form), "div", data_error_summary=PRESENT)
    assert "Die Angaben passen nicht zusammen." in text(summary)


def test_a_formset_renders_with_its_management_form():
    formset = forms.formset_factory(SampleForm, extra=2)()
    html = render("{{ formset|crispy }}", formset=formset)
    assert find(html, "input", name="form-TOTAL_FORMS")
    assert find(html, "input", id="id_form-1-email")


def test_title_prefix_says_fehler_only_when_there_are_errors():
    assert title_prefix(SampleForm()) == ""
    assert title_prefix(SampleForm(data=INVALID_DATA)) == "Fehler: "
    valid = {"email": "a@example.org", "count": "1", "unit": "kg", "kind": "firm", "agree": "on"}
    assert title_prefix(SampleForm(data=valid)) == ""
    assert title_prefix(None) == ""


def test_multi_part_fields_are_grouped_in_a_fieldset_and_the_summary_links_to_the_first_part():
    class WhenForm(forms.Form):
        pickup = forms.SplitDateTimeField(label="Abholung")
        born = forms.DateField(label="Geboren am", widget=forms.SelectDateWidget(years=range(1990, 2000)))

    form = WhenForm(data={"pickup_0": "", "pickup_1": "", "born_day": "", "born_month": "", "born_year": ""})
    assert not form.is_valid()
    html = render("{{ form|crispy }}", form=form)
    pickup = find(html, "fieldset", id="div_id_pickup")
    assert text(find_all(pickup, "legend")[0]) == "Abholung"
    assert attr(pickup, "aria-describedby") == "id_pickup_error"
    assert len(find_all(pickup, "input")) == 2
    assert find(html, "fieldset", id="div_id_born")
    links = [attr(a, "href") for a in find_all(find(html, "div", data_error_summary=PRESENT), "a")]
    assert links == ["#id_pickup_0", "#id_born_day"]  # German order: day, month, year
    assert find(html, id="id_pickup_0") and find(html, id="id_born_day")


def test_each_part_of_a_multi_part_field_has_its_own_label():
    class DayMonthYear(forms.MultiWidget):
        part_labels = ["Tag", "Monat", "Jahr"]

        def __init__(self):
            super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)])

        def decompress(self, value):
            return [value.day, value.month, value.year] if value else [None, None, None]

    class DateParts(forms.MultiValueField):
        widget = DayMonthYear

        def __init__(self, **kwargs):
            super().__init__(fields=[forms.IntegerField() for _ in range(3)], **kwargs)

        def compress(self, data_list):
            return data_list

    class WhenForm(forms.Form):
        available_from = DateParts(label="Verfügbar ab", help_text="Zum Beispiel 27 3 2026")
        born = forms.DateField(label="Geboren am", widget=forms.SelectDateWidget(years=range(1990, 2000)))

    form = WhenForm(data={"available_from_0": "27", "available_from_1": "", "available_from_2": "2026"})
    form.is_valid()
    html = render("{{ form|crispy }}", form=form)
    for part_id, label in [("id_available_from_0", "Tag"), ("id_available_from_1", "Monat"),
                           ("id_available_from_2", "Jahr"), ("id_born_day", "Tag"), ("id_born_year", "Jahr")]:
        assert text(find(html, "label", for_=part_id)) == label
    day = find(html, "input", id="id_available_from_0")
    assert attr(day, "value") == "27" and attr(day, "inputmode") == "numeric"
    assert "kern-form-input__input--error" in attr(day, "class")
    assert "kern-form-input__select" in attr(find(html, "select", id="id_born_month"), "class")
    assert attr(find(html, "fieldset", id="div_id_available_from"), "aria-describedby") == (
        "id_available_from_helptext id_available_from_error"
    )

    hostile = WhenForm(data={"available_from_0": '"><script>alert(1)</script>'})
    hostile.is_valid()
    assert "<script>alert" not in render("{{ form|crispy }}", form=hostile)


def test_the_summary_names_the_field_of_a_generic_message(client, db):
    response = client.post("/konto/anmelden/", {"username": "", "password": ""})
    body = response.content.decode()
    summary = body[body.index("Es gibt ein Problem"):body.index("</ul>", body.index("Es gibt ein Problem"))]
    assert "Benutzername: Dieses Feld ist zwingend erforderlich." in summary
    assert "Passwort: Dieses Feld ist zwingend erforderlich." in summary
