"""The hash chain, as pure logic."""

from lantern.audit import chain

KEY = b"test-key"


def build(n: int) -> list[tuple[int, str, str, dict]]:
    rows, previous = [], chain.GENESIS
    for seq in range(1, n + 1):
        fields = {"sequence": seq, "action": f"thing.{seq}", "changes": {"a": seq}}
        entry_hash = chain.link_hash(key=KEY, previous=previous, fields=fields)
        rows.append((seq, previous, entry_hash, fields))
        previous = entry_hash
    return rows


def test_intact_chain_verifies():
    assert chain.verify(key=KEY, entries=build(5)) is None
    assert chain.verify(key=KEY, entries=[]) is None


def test_changed_contents_are_detected_at_that_entry():
    rows = build(5)
    seq, prev, h, fields = rows[2]
    rows[2] = (seq, prev, h, {**fields, "action": "something.else"})
    broken = chain.verify(key=KEY, entries=rows)
    assert broken is not None and broken.sequence == 3
    assert "changed" in broken.reason


def test_removed_entry_is_detected():
    rows = build(5)
    del rows[1]
    broken = chain.verify(key=KEY, entries=rows)
    assert broken is not None and broken.sequence == 2
    assert "missing" in broken.reason


def test_recomputed_chain_without_the_key_does_not_verify():
    forged, previous = [], chain.GENESIS
    for seq, _prev, _h, fields in build(3):
        entry_hash = chain.link_hash(key=b"guessed-key", previous=previous, fields=fields)
        forged.append((seq, previous, entry_hash, fields))
        previous = entry_hash
    broken = chain.verify(key=KEY, entries=forged)
    assert broken is not None and broken.sequence == 1


def test_canonical_form_ignores_key_order():
    assert chain.canonical({"b": 1, "a": [1, 2]}) == chain.canonical({"a": [1, 2], "b": 1})
