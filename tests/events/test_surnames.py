"""Sorting by surname as a Dutch organiser expects: tussenvoegsels skipped."""

from __future__ import annotations

import pytest

from events.surnames import fold, split_name, surname_key


@pytest.mark.parametrize(
    ("name", "sort_name"),
    [
        ("Jan de Vries", "Vries, Jan de"),
        ("Maria van der Berg", "Berg, Maria van der"),
        ("Sanne van den Broek", "Broek, Sanne van den"),
        ("Kees ter Horst", "Horst, Kees ter"),
        ("Els te Velde", "Velde, Els te"),
        ("Bram ten Cate", "Cate, Bram ten"),
        ("Henk van 't Hof", "Hof, Henk van 't"),
        ("Kees in ’t Veld", "Veld, Kees in ’t"),
        ("Piet op de Beek", "Beek, Piet op de"),
        ("Ursula von der Leyen", "Leyen, Ursula von der"),
        ("Jan Peter Balkenende", "Balkenende, Jan Peter"),
        ("Anna de Vries-van Dijk", "Vries-van Dijk, Anna de"),
        ("Maria van der Berg-de Jong", "Berg-de Jong, Maria van der"),
        ("Ben de Boer", "Boer, Ben de"),
        ("van Dijk", "Dijk, van"),
        ("Cher", "Cher"),
    ],
)
def test_split_name_finds_the_surname_after_the_tussenvoegsels(name, sort_name):
    assert split_name(name).sort_name == sort_name


def test_surname_key_sorts_a_dutch_list_by_surname():
    names = [
        "Jan de Vries",
        "Piet Bakker",
        "Anna van Aalst",
        "Kees in 't Veld",
        "Henk van 't Hof",
        "Els Visser",
        "Maria van der Berg",
        "Ans ter Horst",
    ]

    ordered = sorted(names, key=surname_key)

    assert ordered == [
        "Anna van Aalst",
        "Piet Bakker",
        "Maria van der Berg",
        "Henk van 't Hof",
        "Ans ter Horst",
        "Kees in 't Veld",
        "Els Visser",
        "Jan de Vries",
    ]


def test_surname_key_ignores_case_and_accents():
    names = ["Zoë zwart", "Ömer Özdemir", "Eva oosterhuis", "Lotte Öztürk", "Noor Oude"]

    ordered = sorted(names, key=surname_key)

    assert ordered == ["Eva oosterhuis", "Noor Oude", "Ömer Özdemir", "Lotte Öztürk", "Zoë zwart"]


def test_surname_key_orders_equal_surnames_by_given_name():
    names = ["Sanne de Vries", "Jan de Vries", "Anouk Vries"]

    assert sorted(names, key=surname_key) == ["Anouk Vries", "Jan de Vries", "Sanne de Vries"]


def test_fold_drops_accents_case_and_punctuation():
    assert fold("Ö'Neill-Bakker") == "o neill bakker"
    assert fold("ÇELİK") == "celik"
