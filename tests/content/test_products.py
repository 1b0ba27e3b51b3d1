"""The table of treatments (issue 20 item 5): every row sourced and dated, shown on the first-weeks
page in English and Spanish, kept through export and snapshots, and published only through the
review gate like all other content."""

import datetime
import json
import re
import shutil
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from crsinfo.content.files import ContentError
from crsinfo.content.load import load_content
from crsinfo.models import Product, Reference
from crsinfo.publishing.diffs import change_lines
from crsinfo.publishing.site import PublishedSite
from crsinfo.publishing.snapshot import digest_of, draft_snapshot
from tests.conftest import ROOT, publish_draft

CONTENT = ROOT / "content"


def table(html: str) -> str:
    match = re.search(r'<table class="product-table__table">.*?</table>', html, re.S)
    assert match, "no table of treatments on the page"
    return match.group(0)


def rows(html: str) -> dict[str, str]:
    """Each row of the table by its product's brand name."""
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table(html), re.S):
        name = re.search(r'<span class="product-table__name">(.*?)</span>', row)
        if name:
            out[name.group(1)] = row
    return out


def test_every_product_row_has_a_reference_with_an_address_and_a_date(content):
    """Issue 20, "Tests": every product row has a reference with a URL, and a label revision or
    checked date; the row's sources are listed on the first-weeks page."""
    products = list(Product.objects.select_related("reference").prefetch_related("other_references"))
    assert len(products) >= 10
    page_refs = set(Reference.objects.filter(articles__slug="first-weeks").values_list("key", flat=True))
    for product in products:
        assert product.reference.url.startswith("https://"), product.slug
        assert product.label_revision or product.checked_on, product.slug
        for ref in [product.reference, *product.other_references.all()]:
            assert ref.url.startswith("https://"), (product.slug, ref.key)
            assert ref.key in page_refs, (product.slug, ref.key)
        # Translated: a Spanish reader never sees English in the table.
        for name in ("crs_onset", "nerve_onset", "stay_near", "driving"):
            assert bool(getattr(product, f"{name}_en")) == bool(getattr(product, f"{name}_es")), (product.slug, name)


def test_the_products_file_has_no_value_without_a_source(db):
    """Values only as docs/product-table-draft.md gives them with a source: Aucatzyl keeps its own
    longer times (not the June 2025 change), and nothing the draft marks as unknown is filled in."""
    rows = {r["slug"]: r for r in yaml.safe_load((CONTENT / "products.yaml").read_text())}
    assert "4 weeks" in rows["aucatzyl"]["stay_near"] and "8 weeks" in rows["aucatzyl"]["driving"]
    assert rows["kymriah"]["crs_onset"] == "" and rows["tecvayli"]["driving"] == ""
    assert rows["imdelltra"]["crs_onset"] == ""  # the draft's only figure is a secondary summary


@pytest.mark.parametrize(
    ("path", "ask", "caption", "stay"),
    [
        ("/first-weeks/", "Ask your treatment team", "When CRS and brain and nerve effects", "At least 4 weeks"),
        ("/es/first-weeks/", "Pregunte a su equipo de tratamiento", "Cuándo suelen empezar", "Al menos 4 semanas"),
    ],
)
def test_the_first_weeks_page_shows_the_table(client, content, path, ask, caption, stay):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    shown = table(html)
    assert f"<caption>{caption}" in shown
    assert shown.count('<th scope="col">') == 6
    by_name = rows(html)
    assert {"Yescarta", "Carvykti", "Aucatzyl", "Talvey", "Imdelltra"} <= set(by_name)
    assert all('<th scope="row">' in row for row in by_name.values())
    # An empty value says to ask the team, never a guess.
    assert ask in by_name["Kymriah"]
    assert stay in by_name["Aucatzyl"]
    # Each row shows its source (with its address) and when it was checked.
    for name, row in by_name.items():
        assert re.search(r'<li lang="en"><a href="https://[^"]+">', row), name
        assert '<time datetime="' in row, name
    # Each row says which label revision it was checked against, or that none is confirmed yet.
    revised, unconfirmed = (
        ("Label revised: ", "Label revision date not confirmed yet")
        if path == "/first-weeks/"
        else (
            "Etiqueta revisada: ",
            "Fecha de revisión de la etiqueta aún sin confirmar",
        )
    )
    assert f"{revised}11/2025" in by_name["Imdelltra"]
    for name, row in by_name.items():
        assert (revised in row) != (unconfirmed in row), name
    assert unconfirmed in by_name["Aucatzyl"]
    # Labels change: follow your own team.
    follow = "Always follow your own treatment team" if path == "/first-weeks/" else "Siga siempre las instrucciones"
    assert follow in html


def test_a_row_not_yet_in_spanish_is_shown_in_english_on_its_own(client, content):
    """As every shared item (crsinfo/i18n.py): the row is English, whole, with a notice naming it;
    the page and the other rows stay Spanish."""
    product = Product.objects.get(slug="carvykti")
    english_onset = product.crs_onset_en
    product.crs_onset_es = ""
    product.save()
    publish_draft()
    response = client.get("/es/first-weeks/")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    html = response.content.decode()
    assert english_onset in html  # the row, in English
    notice = html[html.index("translation-notice--items") :]
    assert "Carvykti" in notice[: notice.index("</div>")]  # named in the notice
    assert "Pregunte a su equipo de tratamiento" in html  # other rows still Spanish


def test_export_then_load_gives_back_the_products(db, tmp_path):
    load_content(CONTENT)
    call_command("export_content", "--path", str(tmp_path / "out"), stdout=StringIO())
    for relative in ("products.yaml", "es/products.yaml"):
        assert (tmp_path / "out" / relative).read_text() == (CONTENT / relative).read_text(), relative


def test_snapshot_round_trip(content):
    """A release holds the table; the site built from it shows what the draft had."""
    release = publish_draft()
    snapshot = json.loads(release.content)
    assert [p["slug"] for p in snapshot["products"]] == list(
        Product.objects.order_by("order", "pk").values_list("slug", flat=True)
    )
    assert draft_snapshot(snapshot)["products"] == snapshot["products"]
    site = PublishedSite(snapshot, digest_of(snapshot))
    carvykti = next(p for p in site.products if p.slug == "carvykti")
    assert carvykti.crs_onset_en == Product.objects.get(slug="carvykti").crs_onset_en
    assert carvykti.sources[0].key == "janssen-carvykti-crs"
    assert carvykti.checked_on == Product.objects.get(slug="carvykti").checked_on


def test_a_release_from_before_the_table_still_loads(content):
    snapshot = draft_snapshot()
    del snapshot["products"]
    site = PublishedSite(snapshot, digest_of(snapshot))
    assert site.products == []
    assert site.published("first-weeks") is not None
    # Compared with a release that has the table, the rows show as added treatments.
    assert any(line.startswith("Added treatment “Yescarta”") for line in change_lines(snapshot, draft_snapshot()))


def test_an_upgrade_without_products_leaves_nothing_waiting_for_review(content):
    """A site upgraded to this version, with no products yet: its draft is still the published
    release (made before the table existed), so loading the content files publishes them."""
    from crsinfo.publishing.publish import draft_is_published

    Product.objects.all().delete()
    release = publish_draft()
    assert "products" not in json.loads(release.content)
    assert draft_is_published()
    Product.objects.create(
        slug="x",
        brand_name="X",
        generic_name="x",
        reference=Reference.objects.get(key="kimmtrak-label"),
        checked_on=datetime.date(2026, 12, 2),
    )
    assert not draft_is_published()


def test_a_product_edit_reaches_readers_only_when_published(client, content):
    publish_draft()
    product = Product.objects.get(slug="aucatzyl")
    product.stay_near_en = "At least 6 weeks (edited)."
    product.save()
    assert "(edited)" not in client.get("/first-weeks/").content.decode()
    from crsinfo.publishing import current

    live = current.current_site().snapshot
    # The reviewer sees the change, called out as clinical, before publishing it.
    assert change_lines(live, draft_snapshot(live)) == ["Changed treatment “Aucatzyl”: stay_near"]
    publish_draft()
    assert "At least 6 weeks (edited)." in client.get("/first-weeks/").content.decode()


def test_the_loader_refuses_a_row_without_a_source_address_or_date(db, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    rows = yaml.safe_load((root / "products.yaml").read_text())
    rows[0]["checked_on"] = ""
    rows[0]["label_revision"] = ""  # neither a label revision nor a checked date
    rows[1]["reference"] = "no-such-source"
    (root / "products.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True))
    refs = yaml.safe_load((root / "references.yaml").read_text())
    for ref in refs:
        if ref["key"] == rows[2]["reference"]:
            ref["url"] = ""
    (root / "references.yaml").write_text(yaml.safe_dump(refs, allow_unicode=True))
    with pytest.raises(ContentError) as caught:
        load_content(root)
    problems = "\n".join(caught.value.problems)
    assert f"treatment {rows[0]['slug']}: give label_revision" in problems
    assert "reference “no-such-source” is not in references.yaml" in problems
    assert f"“{rows[2]['reference']}” has no web address" in problems
    assert not Product.objects.exists()


def product_form(client, product=None, **changes) -> dict:
    url = (
        reverse("admin:crsinfo_product_change", args=[product.pk]) if product else reverse("admin:crsinfo_product_add")
    )
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["other_references"] = [r.pk for r in product.other_references.all()] if product else []
    if product and product.checked_on:
        data["checked_on"] = product.checked_on.isoformat()
    return {**data, **changes}


def test_admin_add_and_change_a_product(editor_client, client, content):
    publish_draft()
    source = Reference.objects.get(key="kimmtrak-label")
    data = product_form(
        editor_client,
        brand_name="Newdrug",
        generic_name="newdrugumab",
        slug="newdrug",
        kind="bispecific",
        order=99,
        crs_onset_en="Within hours of the first dose.",
        crs_onset_es="A las pocas horas de la primera dosis.",
        reference=source.pk,
        checked_on="2026-12-02",
    )
    response = editor_client.post(reverse("admin:crsinfo_product_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(slug="newdrug")
    assert product.crs_onset_es == "A las pocas horas de la primera dosis."
    # Change it: a new version is kept (django-reversion), and readers see it only once published.
    data = product_form(editor_client, product, driving_en="Not for 3 days.", driving_es="No maneje durante 3 días.")
    response = editor_client.post(reverse("admin:crsinfo_product_change", args=[product.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    from reversion.models import Version

    assert Version.objects.get_for_object(product).count() == 2
    assert "Newdrug" not in client.get("/first-weeks/").content.decode()
    publish_draft()
    assert "Not for 3 days." in rows(client.get("/first-weeks/").content.decode())["Newdrug"]


def test_admin_refuses_a_source_without_an_address_or_a_row_without_a_date(editor_client, content):
    no_url = Reference.objects.create(key="no-url", title="A source with no address")
    data = product_form(
        editor_client, brand_name="Undated", generic_name="x", slug="undated", kind="car-t", reference=no_url.pk
    )
    response = editor_client.post(reverse("admin:crsinfo_product_add"), data)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "Choose a source with a web address" in errors
    data["reference"] = Reference.objects.get(key="kimmtrak-label").pk
    response = editor_client.post(reverse("admin:crsinfo_product_add"), data)
    assert response.status_code == 200
    assert "Give the label’s revision date, or the date you checked this row" in str(
        response.context["adminform"].form.errors
    )
    assert not Product.objects.filter(slug="undated").exists()
