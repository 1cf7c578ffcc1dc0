"""The database side of search: one class per database, one interface.

SQLite: the FTS5 table `search_fts` (rowid = entry id) holds the entry's title and
body stemmed in Python (federkiel.search.text); `bm25` ranks, titles weigh more.
PostgreSQL: the generated column `search_entry.search_vector` (title weighted A, body B,
'federkiel_german' or 'federkiel_english' by the entry's language: PostgreSQL's stemming
with stop words kept, as on SQLite; angle brackets read as spaces) with a GIN index;
`ts_rank` ranks.

Both receive the parsed query, never the raw text, so no input is a syntax error.
The SQL is put together from constants only; every value travels as a parameter
(hence the `noqa: S608` below).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from federkiel.blogs.models import Blog, Visibility
from federkiel.search.models import Entry
from federkiel.search.text import Query, Term, stemmed

FTS_TABLE = "search_fts"
# Text search configurations of migration 0004: Snowball stems, no stop words dropped.
PG_CONFIGS = {"de": "federkiel_german", "en": "federkiel_english"}
# FTS5 bm25 column weights: title, body.
SQLITE_WEIGHTS = (4.0, 1.0)
# A PostgreSQL platform search looks for its candidates among this many newest entries
# per candidate first (see PostgreSQLBackend.ranked_ids).
WINDOW_PER_CANDIDATE = 10


@dataclass(frozen=True)
class Scope:
    """Which entries a search may return.

    `blog_id`: only this blog's (its visibility was checked already). Otherwise public
    blogs plus `extra_blog_ids`; `everything` for those who may read every blog.
    """

    blog_id: int | None = None
    extra_blog_ids: tuple[int, ...] = ()
    everything: bool = False


class Backend:
    """Builds the two queries of a search page; subclasses add the full-text parts."""

    def store(self, entries: Sequence[Entry]) -> None:
        """Write the full-text data of saved entries (nothing where the database derives it)."""

    def clear(self) -> None:
        """Drop all full-text data (the entries are deleted separately)."""

    # The FROM clause; the entry table is aliased `e`.
    tables = ""
    # Look for a platform search's candidates among the newest entries first.
    windows = False

    def _tables(self, query: Query, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
        """The FROM clause with its parameters."""
        return self.tables, []

    def _match(self, query: Query, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
        """The full-text condition with its parameters."""
        raise NotImplementedError

    def _rank_columns(self) -> str:
        """What a candidate row carries for ranking (the select list of the inner query)."""
        raise NotImplementedError

    def _order(self) -> str:
        """How candidates (the inner query, aliased `c`) are ranked, best first."""
        raise NotImplementedError

    def _where(self, scope: Scope, now: datetime) -> tuple[str, list[Any]]:
        sql = " AND e.visible_from <= %s"
        params: list[Any] = [connection.ops.adapt_datetimefield_value(now)]
        if scope.blog_id is not None:
            sql += " AND e.blog_id = %s"
            params.append(scope.blog_id)
        elif not scope.everything:
            allowed = ", ".join(["%s"] * len(scope.extra_blog_ids))
            extra = f" OR e.blog_id IN ({allowed})" if allowed else ""
            sql += f" AND (b.visibility = %s{extra})"
            params += [Visibility.PUBLIC.value, *scope.extra_blog_ids]
        return sql, params

    def _base(
        self, query: Query, languages: tuple[str, ...], scope: Scope, now: datetime
    ) -> tuple[str, list[Any]]:
        tables, table_params = self._tables(query, languages)
        match, params = self._match(query, languages)
        join = f" JOIN {Blog._meta.db_table} b ON b.id = e.blog_id" if scope.blog_id is None else ""
        where, where_params = self._where(scope, now)
        return f"FROM {tables}{join} WHERE {match}{where}", table_params + params + where_params

    def count(
        self, query: Query, languages: tuple[str, ...], scope: Scope, now: datetime, limit: int
    ) -> int:
        """How many entries match, counting no further than `limit`."""
        base, params = self._base(query, languages, scope, now)
        with connection.cursor() as cursor:
            sql = f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT %s) AS hits"  # noqa: S608
            cursor.execute(sql, [*params, limit])
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def ranked_ids(
        self,
        query: Query,
        languages: tuple[str, ...],
        scope: Scope,
        now: datetime,
        offset: int,
        limit: int,
        candidates: int | None,
        many: bool = True,
    ) -> list[int]:
        """Ids of the matching entries on one page, best first.

        Only the `candidates` newest matches are ranked (None: all of them): ranking
        every match of a common word (tens of thousands) is what made such searches slow.
        `many`: there may be more matches than `candidates` (False when counted fewer).
        """
        # Fetching every match of a common word from the table to find the newest ones
        # is slow, so a platform search looks among the newest entries first (the GIN
        # index and the date index narrow it together), in a window grown until it
        # holds `candidates` matches, which then are the newest ones; then everything.
        base, params = self._base(query, languages, scope, now)
        if self.windows and many and candidates is not None and scope.blog_id is None:
            size = candidates * WINDOW_PER_CANDIDATE
            while (since := self._window_start(size)) is not None:
                window = f"{base} AND e.published_at >= %s"
                since_param = connection.ops.adapt_datetimefield_value(since)
                ids, found = self._ranked(
                    window, [*params, since_param], 0, offset + limit, candidates, fence=True
                )
                if found >= candidates:
                    return ids[offset:]
                # Grow by what the matches so far suggest, at least doubling.
                size = int(size * min(10.0, max(2.0, 1.5 * candidates / max(found, 1))))
        return self._ranked(base, params, offset, limit, candidates)[0]

    @staticmethod
    def _window_start(size: int) -> datetime | None:
        """The date of the `size`-th newest entry, None when there are fewer."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT published_at FROM {Entry._meta.db_table}"  # noqa: S608
                " ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET %s",
                [size - 1],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def _ranked(
        self,
        base: str,
        params: list[Any],
        offset: int,
        limit: int,
        candidates: int | None,
        fence: bool = False,
    ) -> tuple[list[int], int]:
        """One page of ids and how many candidates were ranked, for the FROM/WHERE `base`."""
        inner = f"SELECT e.id, e.published_at, {self._rank_columns()} {base}"
        if fence:
            # All matches in the window, then the newest: OFFSET 0 keeps PostgreSQL from
            # walking the date index instead, testing rows one by one (much slower).
            inner = f"SELECT * FROM ({inner} OFFSET 0) AS e"  # noqa: S608
        if candidates is not None:
            inner += " ORDER BY e.published_at DESC, e.id DESC LIMIT %s"
            params = [*params, candidates]
        sql = (
            f"SELECT c.id, COUNT(*) OVER () FROM ({inner}) AS c"  # noqa: S608
            f" ORDER BY {self._order()}, c.published_at DESC, c.id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
        return [int(row[0]) for row in rows], int(rows[0][1]) if rows else 0


def _fts_phrase(stems: tuple[str, ...]) -> str:
    # Stems are letters and digits only, so quoting them is safe.
    return '"' + " ".join(stems) + '"'


def _fts_term(term: Term, languages: tuple[str, ...]) -> str:
    return "(" + " OR ".join(_fts_phrase(s) for s in term.stems(languages)) + ")"


class SQLiteBackend(Backend):
    def store(self, entries: Sequence[Entry]) -> None:
        rows = [(e.pk, stemmed(e.title, e.language), stemmed(e.body, e.language)) for e in entries]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", rows
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    @staticmethod
    def match_expression(query: Query, languages: tuple[str, ...]) -> str:
        """The FTS5 MATCH text: wanted terms ANDed, unwanted ones NOTed."""
        expression = "(" + " AND ".join(_fts_term(t, languages) for t in query.wanted) + ")"
        for term in query.unwanted:
            expression += " NOT " + _fts_term(term, languages)
        return expression

    tables = f"{FTS_TABLE} JOIN {Entry._meta.db_table} e ON e.id = {FTS_TABLE}.rowid"

    def _match(self, query: Query, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
        return f"{FTS_TABLE} MATCH %s", [self.match_expression(query, languages)]

    def _rank_columns(self) -> str:
        # bm25 is only available next to its MATCH, so the inner query computes it.
        return f"bm25({FTS_TABLE}, {SQLITE_WEIGHTS[0]}, {SQLITE_WEIGHTS[1]}) AS rank"

    def _order(self) -> str:
        return "c.rank"


class PostgreSQLBackend(Backend):
    @staticmethod
    def tsquery(query: Query, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
        """A tsquery expression: each term in each language ORed, terms ANDed."""
        params: list[Any] = []

        def term_sql(term: Term) -> str:
            alternatives = []
            for language in languages:
                alternatives.append("phraseto_tsquery(%s::regconfig, %s)")
                params.extend([PG_CONFIGS.get(language, PG_CONFIGS["en"]), " ".join(term.words)])
            return "(" + " || ".join(alternatives) + ")"

        parts = [term_sql(t) for t in query.wanted]
        parts += ["!!" + term_sql(t) for t in query.unwanted]
        return "(" + " && ".join(parts) + ")", params

    tables = f"{Entry._meta.db_table} e"
    # Fetching every match of a common word from the table is what costs here; FTS5
    # finds all matches anyway, so SQLite gains nothing from windows.
    windows = True

    def _tables(self, query: Query, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
        # The tsquery is built once, in a one-row subquery: written out in the condition
        # and the rank, its (stable, not immutable) functions would run for every row.
        tsquery, params = self.tsquery(query, languages)
        return f"{self.tables} CROSS JOIN (SELECT {tsquery} AS q) AS sq", params

    def _match(self, query: Query, languages: tuple[str, ...]) -> tuple[str, list[Any]]:
        return "e.search_vector @@ sq.q", []

    def _rank_columns(self) -> str:
        # ts_rank runs in the outer query, on the candidates only.
        return "e.search_vector AS vector, sq.q AS q"

    def _order(self) -> str:
        return "ts_rank(c.vector, c.q, 1) DESC"


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")


def store(entries: Iterable[Entry]) -> None:
    entries = list(entries)
    if entries:
        backend().store(entries)
