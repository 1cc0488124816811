"""portal.merge: the rule every multi-field save of the portal follows."""

from datetime import date

from portal.merge import canon, fingerprint, merge


def test_a_field_this_page_did_not_change_is_left_alone():
    current = {"a": "new from the other tab", "b": "x"}
    bases = {"a": fingerprint("old"), "b": fingerprint("x")}
    changes, conflicts = merge(current, {"a": "old", "b": "y"}, bases)
    assert changes == {"b": "y"}
    assert not conflicts


def test_a_field_changed_on_both_pages_is_a_conflict_and_keep_mine_overwrites():
    current = {"a": "theirs"}
    changes, conflicts = merge(current, {"a": "mine"}, {"a": fingerprint("old")})
    assert not changes
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("a", "mine", "theirs")]
    changes, conflicts = merge(current, {"a": "mine"}, {"a": conflicts[0].version})
    assert changes == {"a": "mine"}
    assert not conflicts


def test_line_ends_and_types_compare_as_the_page_shows_them():
    assert fingerprint("a\r\nb ") == fingerprint("a\nb")
    assert canon(True) == "1"
    assert canon(False) == canon(None) == ""
    assert canon(date(2027, 1, 15)) == "2027-01-15"
    assert canon({"b", "a"}) == "a,b"
    # Without a version (a script), a change is a deliberate overwrite.
    assert merge({"a": "x"}, {"a": "y"}, {}) == ({"a": "y"}, [])
