"""One organisation of each kind per name: the database compares names trimmed, in lower case, with single spaces."""
import pytest
from flask_migrate import downgrade, upgrade
from hypothesis import given, strategies as st
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from allemaaldigitaal.core.enums import OrganisationKind as K
from allemaaldigitaal.core.models import Organisation
from allemaaldigitaal.core.models.organisations import normalised_name
from allemaaldigitaal.extensions import db

WORD = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉëË0123456789-&'.", min_size=1, max_size=8)
SPACE = st.text(" \t\n\u00a0", min_size=1, max_size=3)


def refused_by_the_database(session, organisation: Organisation) -> None:
    with pytest.raises(IntegrityError, match="name_key"), session.begin_nested():
        session.add(organisation)
        session.flush()


@pytest.mark.parametrize(("name", "key"), [
    ("Buurthuis De Brug", "buurthuis de brug"),
    ("  Buurthuis   De\tBrug \n", "buurthuis de brug"),
    ("CAFÉ ZUID", "café zuid"),
])
def test_the_name_key_is_the_name_trimmed_in_lower_case_with_single_spaces(name, key):
    assert normalised_name(name) == key
    assert Organisation(kind=K.CARE, name=name).name_key == key


def test_renaming_an_organisation_renews_its_name_key(make, session):
    organisation = make.organisation(K.DONOR, name="Oude Naam")
    organisation.name = "  Nieuwe   NAAM "
    session.flush()
    stored = session.execute(text("SELECT name, name_key FROM organisations WHERE id = :id"),
                             {"id": organisation.id}).one()
    assert tuple(stored) == ("  Nieuwe   NAAM ", "nieuwe naam")


@given(words=st.lists(WORD, min_size=1, max_size=4), data=st.data())
def test_names_that_differ_only_in_case_and_spaces_share_their_key(words, data):
    outside = [data.draw(st.text(" \t\n\u00a0", max_size=3)) for _ in range(2)]
    written = words[0] + "".join(data.draw(SPACE) + word for word in words[1:])
    written = outside[0] + written + outside[1]
    for variant in (written, written.upper(), written.swapcase()):
        assert normalised_name(variant) == " ".join(words).lower()


@pytest.mark.parametrize("second", ["stichting de brug", "  Stichting   De Brug ", "STICHTING\tDE\nBRUG"])
def test_two_organisations_of_one_kind_cannot_share_a_name(make, session, second):
    make.organisation(K.CARE, name="Stichting De Brug")
    session.flush()
    refused_by_the_database(session, Organisation(kind=K.CARE, name=second))


def test_organisations_of_different_kinds_may_share_a_name(make, session):
    for kind in K:
        make.organisation(kind, name="Gemeente Zwolle")
    session.flush()
    assert session.scalar(text("SELECT count(*) FROM organisations WHERE name_key = 'gemeente zwolle'")) == len(K)


def test_raw_sql_that_writes_the_same_key_is_refused_too(make, session):
    make.organisation(K.DONOR, name="Zuiderzee Verzekeringen")
    session.flush()
    with pytest.raises(IntegrityError, match="name_key"), session.begin_nested():
        session.execute(text(
            "INSERT INTO organisations (kind, name, name_key, active, is_demo, created_at)"
            " VALUES ('donor', 'ZUIDERZEE VERZEKERINGEN', 'zuiderzee verzekeringen', TRUE, FALSE, CURRENT_TIMESTAMP)"
        ))


# the migration


def add_organisations(*rows) -> None:
    """Organisations of before the name key, each with a member that refers to it."""
    with db.engine.begin() as connection:
        for number, (kind, name) in enumerate(rows, 1):
            connection.execute(text(
                "INSERT INTO organisations (id, kind, name, active, is_demo, created_at)"
                " VALUES (:id, :kind, :name, TRUE, FALSE, CURRENT_TIMESTAMP)"
            ), {"id": number, "kind": kind, "name": name})
            connection.execute(text(
                "INSERT INTO users (email, name, organisation_id, active, session_version, created_at)"
                " VALUES (:email, 'Lid', :id, TRUE, 1, CURRENT_TIMESTAMP)"
            ), {"email": f"lid{number}@example.org", "id": number})


def rows(statement: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(statement))]


def test_the_migration_fills_the_name_keys_and_keeps_every_member(empty_app):
    upgrade(revision="0004")
    add_organisations(("donor", "  Stedelijk   Lyceum "), ("care", "Stedelijk Lyceum"), ("care", "Welzijn"))
    upgrade(revision="0005")
    assert rows("SELECT id, name_key FROM organisations ORDER BY id") == [
        (1, "stedelijk lyceum"), (2, "stedelijk lyceum"), (3, "welzijn"),
    ]
    assert rows("SELECT organisation_id FROM users ORDER BY organisation_id") == [(1,), (2,), (3,)]
    downgrade(revision="0004")
    assert "name_key" not in {column["name"] for column in inspect(db.engine).get_columns("organisations")}
    assert rows("SELECT id, name FROM organisations ORDER BY id") == [
        (1, "  Stedelijk   Lyceum "), (2, "Stedelijk Lyceum"), (3, "Welzijn"),
    ]


def test_the_migration_stops_at_names_that_are_shared_already_and_says_which(empty_app, capsys):
    upgrade(revision="0004")
    add_organisations(("care", "Welzijn  Noord"), ("care", "welzijn noord"))
    with pytest.raises(SystemExit):
        upgrade(revision="0005")
    assert "care: 'welzijn noord'" in capsys.readouterr().err
    assert rows("SELECT version_num FROM alembic_version") == [("0004",)]
    assert "name_key" not in {column["name"] for column in inspect(db.engine).get_columns("organisations")}
