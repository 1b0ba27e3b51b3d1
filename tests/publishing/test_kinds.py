"""The kinds of item, named once (crsinfo/publishing/kinds.py): every item the review's diff
lists is found in the draft by its kind and key, and that row names itself the same way back, so
the diff, partial publication, authorship, discarding and the admin's column all agree."""

from crsinfo.admin import draft_differences
from crsinfo.models import SearchSynonym, Symptom
from crsinfo.publishing import diffs
from crsinfo.publishing.kinds import BY_NAME, KINDS, LISTS, kind_and_key
from crsinfo.publishing.snapshot import draft_snapshot
from tests.conftest import make_clinic, publish_draft


def test_every_item_of_the_draft_is_found_by_its_kind_and_key(content):
    SearchSynonym.objects.create(phrase="fiebre alta", means="fiebre", language="es")
    make_clinic()
    items = diffs.flatten(draft_snapshot())
    assert {kind for kind, _key in items} == {k.name for k in KINDS}  # every kind is tried
    for kind, key in items:
        rows = list(BY_NAME[kind].model.objects.filter(**BY_NAME[kind].lookup(key)))
        assert len(rows) == 1, (kind, key)
        assert kind_and_key(rows[0]) == (kind, key)


def test_every_list_is_where_a_snapshot_keeps_it(content):
    snapshot = draft_snapshot()
    for name, (snapshot_list, key_field) in LISTS.items():
        assert isinstance(snapshot[snapshot_list], list), name
        assert all(key_field in item for item in snapshot[snapshot_list]), name


def test_a_row_that_is_not_an_item_has_no_kind():
    from django.contrib.auth.models import Group

    assert kind_and_key(Group(name="editors")) is None


def test_the_admin_column_names_a_changed_item_as_the_diff_does(content):
    publish_draft()
    symptom = Symptom.objects.get(slug="headache")
    symptom.name = "Headache, changed"
    symptom.save()
    assert draft_differences() == {("symptom", "headache"): "changed"}
    assert kind_and_key(symptom) == ("symptom", "headache")
