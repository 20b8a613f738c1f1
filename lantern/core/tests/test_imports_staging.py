"""``staging.read_ahead``: items made by a thread of their own, errors raised in the caller, the
thread always waited for, and threads switching quickly only while it runs."""

import sys
import threading
from contextlib import closing

import pytest

from lantern.core.imports.staging import QUICK_SWITCH, quick_switching, read_ahead


def test_every_item_in_order():
    assert list(read_ahead(iter(range(100)), depth=2)) == list(range(100))


def test_the_items_are_made_in_another_thread():
    made_in = []

    def items():
        for number in range(3):
            made_in.append(threading.current_thread())
            yield number

    assert list(read_ahead(items())) == [0, 1, 2]
    assert threading.current_thread() not in made_in


def test_an_error_in_the_producer_is_raised_in_the_caller_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("unreadable line")

    got = []

    def read_all():
        for item in read_ahead(items()):
            got.append(item)

    with pytest.raises(ValueError, match="unreadable line"):
        read_all()
    assert got == [1, 2]


def test_a_caller_that_stops_early_stops_the_producer_and_waits_for_it():
    made = []

    def items():
        for number in range(1000):
            made.append(number)
            yield number

    before = threading.active_count()
    with closing(read_ahead(items(), depth=1)) as ready:
        for item in ready:
            if item == 3:
                break
    assert threading.active_count() == before
    assert len(made) < 10  # it stopped soon after, not at the end


def test_threads_switch_quickly_while_the_producer_runs_and_as_usual_afterwards():
    usual = sys.getswitchinterval()
    seen = []

    def items():
        for number in range(3):
            seen.append(sys.getswitchinterval())
            yield number

    assert list(read_ahead(items())) == [0, 1, 2]
    assert seen == [QUICK_SWITCH] * 3
    assert sys.getswitchinterval() == usual


def test_the_usual_switching_comes_back_after_an_error_and_only_when_the_last_user_leaves():
    usual = sys.getswitchinterval()

    def broken():
        yield 1
        raise ValueError("unreadable line")

    with quick_switching():
        with pytest.raises(ValueError, match="unreadable line"):
            list(read_ahead(broken()))
        assert sys.getswitchinterval() == QUICK_SWITCH  # the outer user is still inside
    assert sys.getswitchinterval() == usual
