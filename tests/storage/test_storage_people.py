"""A person's own settings on every storage (SQLite and PostgreSQL, through alembic): the chosen
language is kept, changed, forgotten, and seen by another repository on the same database."""

from __future__ import annotations

from storage import Repository, create_sessionmaker


async def test_a_chosen_language_is_kept_changed_and_forgotten(repository: Repository, engine):
    people = repository.people
    assert await people.language("telegram", "42") is None
    await people.set_language("telegram", "42", "de")
    await people.set_language("discord", "42", "fr")  # the same id on another platform
    assert await people.language("telegram", "42") == "de"
    await people.set_language("telegram", "42", "uk")
    assert await people.language("telegram", "42") == "uk"
    # Another instance (its own repository) reads what is stored.
    other = Repository(create_sessionmaker(engine))
    assert await other.people.language("telegram", "42") == "uk"
    assert await other.people.language("discord", "42") == "fr"
    await people.set_language("telegram", "42", None)
    assert await people.language("telegram", "42") is None
    assert await Repository(create_sessionmaker(engine)).people.language("telegram", "42") is None
