"""The citydip command line: parse arguments, call the core, render; errors become exit codes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from citydip.errors import CitydipError, StoreError, UsageError
from citydip.render import (
    FORMATS,
    render_cities,
    render_city,
    render_event,
    render_search,
    render_stats,
    render_timeline,
)

_APP_SETTINGS = dict(
    name="citydip",
    help="Turn Korean news articles into a queryable history of city diplomacy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**_APP_SETTINGS)

out = Console(soft_wrap=False)
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $CITYDIP_DB, else ./citydip.db).", show_default=False),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or md.")]
AllOption = Annotated[bool, typer.Option("--all", help="Keep the events a person rejected too.")]

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process that SIGPIPE ended
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code=code)


def _check_format(fmt: str, *, extra: tuple[str, ...] = ()) -> str:
    if fmt not in FORMATS + extra:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS + extra)})")
    return fmt


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _check_choice(what: str, values, choices) -> None:
    unknown = [v for v in values if v not in choices]
    if unknown:
        raise UsageError(f"unknown {what} {unknown[0]!r} (choose from {', '.join(choices)})")


def _check_date(value: str | None, option: str, *, full: bool = False) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if full:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise UsageError(f"{option} wants a date like 2023-10-03, not {value!r}") from None
    if not _DATE_PREFIX.match(value):
        raise UsageError(f"{option} wants YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    try:  # a real month and day: 2024-13 and 2024-02-30 are no dates
        date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a real date") from None
    return value


def _open_store(db: Path | None, *, create: bool):
    from citydip.store import Store, resolve_db_path

    return Store(resolve_db_path(db), create=create)


def _emit(text: str | Iterable[str] | None) -> None:
    """Write text, or text in pieces (a long JSON array is written as it is made), ending in a line break."""
    if text is None:
        return
    last = ""
    for piece in [text] if isinstance(text, str) else text:
        if piece:
            sys.stdout.write(piece)
            last = piece
    if last and not last.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()  # a reader that went away shows here, inside _run, not at the interpreter's exit


def _run(fn, *, debug: bool = False):
    """Map core errors to one red line and an exit code; a traceback only with --debug or CITYDIP_DEBUG=1."""
    try:
        return fn()
    except UsageError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except (StoreError, CitydipError) as exc:
        raise _fail(str(exc), EXIT_INPUT_FAILED) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except BrokenPipeError:
        # the reader of our output went away (`citydip timeline | head`): stop quietly, as Unix tools do
        with contextlib.suppress(OSError, ValueError):  # (no file descriptor under a test runner)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        raise typer.Exit(code=EXIT_BROKEN_PIPE) from None
    except Exception as exc:  # a bug must still end in one line
        if debug or os.environ.get("CITYDIP_DEBUG"):
            raise
        raise _fail(
            f"unexpected error ({type(exc).__name__}: {exc}); run again with --debug (or CITYDIP_DEBUG=1) "
            "for the traceback",
            EXIT_INPUT_FAILED,
        ) from None


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), URLs or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date for every article read (YYYY-MM-DD); overrides metadata."),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Read every input as text, md, html, json, jsonl, csv or xlsx "
            "(default: from the extension, then the content).",
            show_default=False,
        ),
    ] = None,
    field_names: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="KEY=COLUMN",
            help="Take KEY (text, title, published, url or source) from the input's COLUMN or key; "
            "repeatable, e.g. --field text=본문.",
            show_default=False,
        ),
    ] = None,
    glob: Annotated[
        str | None,
        typer.Option(
            help="In folders, read only files matching this pattern, e.g. '*.txt' or '2023/*.json'."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and extract, show what would be stored, write nothing.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes that extract events (default: one per core; 1 = in this process); "
            "the results do not depend on it.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Read articles, extract city-diplomacy events and store both."""

    def body() -> int:
        from citydip.pipeline import ingest as run_ingest
        from citydip.store import Store, resolve_db_path

        day = _check_date(published, "--published", full=True)
        fmt = _check_input_format(input_format)
        fields = _parse_fields(field_names or [])
        path = resolve_db_path(db)
        if dry_run:  # compare with the database if there is one; never create or change it
            store = Store.read_only(path) if path.exists() and path.stat().st_size else None
        else:
            store = Store(path, create=True)
        from citydip.parallel import default_jobs

        options = dict(
            published=day,
            fmt=fmt,
            fields=fields,
            glob=glob,
            dry_run=dry_run,
            reraise=debug,
            jobs=jobs or default_jobs(),
        )
        try:
            if err.is_terminal:
                with err.status("reading…") as status:
                    report = run_ingest(store, paths, progress=_Progress(status, paths, glob), **options)
            else:
                report = run_ingest(store, paths, **options)
        finally:
            if store is not None:
                store.close()
        _print_ingest_report(report)
        return EXIT_INPUT_FAILED if report.failed or report.stopped else EXIT_OK

    code = _run(body, debug=debug)
    if code:
        raise typer.Exit(code=code)


class _Progress:
    """The status line of a running ingest: the article, how many so far (of how many, when every input
    is a file of one article), and the rate."""

    def __init__(self, status, paths: list[str], glob: str | None):
        import time

        from citydip.sources import count_single_articles

        self.status, self.clock = status, time.monotonic
        self.total = count_single_articles(paths, glob)
        self.done, self.started = 0, self.clock()

    def __call__(self, name: str) -> None:
        self.done += 1
        rate = self.done / max(self.clock() - self.started, 1e-6)
        count = f"{self.done}/{self.total}" if self.total else f"{self.done}"
        self.status.update(f"extracting {name} · {count} · {rate:.1f}/s")


def _check_input_format(value: str | None) -> str | None:
    from citydip.sources import EXTENSIONS
    from citydip.sources import FORMATS as INPUT_FORMATS

    if value is None:
        return None
    name = value.strip().lower().lstrip(".")
    if name in INPUT_FORMATS:
        return name
    if (by_extension := EXTENSIONS.get(f".{name}")) is not None:  # txt, markdown, ndjson, tsv …
        return by_extension
    raise UsageError(f"unknown input format {value!r} (choose from {', '.join(INPUT_FORMATS)})")


def _parse_fields(values: list[str]) -> dict[str, str]:
    from citydip.sources.records import FIELDS

    fields: dict[str, str] = {}
    for value in values:
        key, sep, column = value.partition("=")
        key = key.strip().lower()
        if not sep or not key or not column.strip():
            raise UsageError(f"--field wants KEY=COLUMN, e.g. text=본문, not {value!r}")
        if key not in FIELDS:
            raise UsageError(f"--field {value!r}: unknown field {key!r} (fields are {', '.join(FIELDS)})")
        if key in fields:
            raise UsageError(f"--field {key} given twice")
        fields[key] = column.strip()
    return fields


def _failure_kind(reason: str) -> str:
    """The kind of a failure ("file too large", "malformed JSON line"), without its particulars."""
    return re.split(r"\s*(?:[:(;]| at line | after row )", reason, maxsplit=1)[0].strip() or reason


def _print_ingest_report(report) -> None:
    """Failures and notes on stderr, one line each; a dry run's articles and the summary on stdout."""
    from rich.markup import escape

    for line in report.failures:
        err.print(f"[red]failed:[/red] {escape(line)}", highlight=False, soft_wrap=True)
    for line in dict.fromkeys(report.notices + report.inferred):  # a note once, however often it arose
        err.print(f"[yellow]note:[/yellow] {escape(line)}", highlight=False, soft_wrap=True)
    if report.outdated:
        err.print(
            f"[yellow]note:[/yellow] {_count(report.outdated, 'stored article')} extracted by another citydip "
            "version (or other data files or aliases); `citydip reprocess` would update them",
            highlight=False,
            soft_wrap=True,
        )
    if report.stopped:
        err.print(
            f"[red]error:[/red] {escape(report.stopped)}; the articles stored so far are complete, "
            "and running the same ingest again finishes the batch",
            highlight=False,
            soft_wrap=True,
        )
    if len(report.errors) > 1 or report.skipped or (report.stopped and report.errors):
        err.print(_ingest_summary_table(report))  # one failure is its own line, with nothing to sum up
    if report.dry_run:
        for outcome in report.outcomes:
            events = "-" if outcome.events is None else str(outcome.events)
            replaces = f"  (replaces {', '.join(outcome.replaces)})" if outcome.replaces else ""
            _emit(f"{outcome.status:<9} {events:>3} events  {outcome.article}  {outcome.source}{replaces}")
    summary = (
        f"articles: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.failed} failed"
        + (f", {report.skipped} skipped" if report.skipped else "")
        + f"; events found: {report.events}"
    )
    _emit(f"dry run, nothing written: {summary}" if report.dry_run else summary)


def _ingest_summary_table(report):
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Ingest summary", title_justify="left")
    for col in ("outcome", "count", "inputs"):
        table.add_column(col)
    for name in ("new", "updated", "unchanged", "skipped"):
        if count := getattr(report, name):
            table.add_row(name, str(count), "")
    kinds: dict[str, list[str]] = {}
    for failure in report.errors:
        kinds.setdefault(_failure_kind(failure.reason), []).append(failure.source)
    for kind, sources in kinds.items():
        shown = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
        table.add_row(escape(f"failed: {kind}"), str(len(sources)), escape(shown))
    if report.stopped:
        table.add_row("stopped", "", "the database failed; run the same ingest again")
    return table


@app.command()
def timeline(
    actor: Annotated[str | None, typer.Option(help="Only this actor (Korean or English name).")] = None,
    partner: Annotated[str | None, typer.Option(help="Only events with this partner.")] = None,
    country: Annotated[
        str | None, typer.Option(help="Only partners in this country (ISO code or Korean name).")
    ] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", help="Only these event types (repeatable).")
    ] = None,
    level: Annotated[
        str | None, typer.Option(help="Only agreements of this level: sister, amity, friendship or mou.")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only done or only planned events.")] = None,
    source: Annotated[
        str | None, typer.Option(help="Only events this outlet reported (its name as stored, any case).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    group: Annotated[
        str | None, typer.Option(help="Group rows under year or month headings (JSON: a group key).")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="Show at most this many events.")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="One row per mention instead of one per event.")] = False,
    all_: AllOption = False,
    reviewed_only: Annotated[
        bool,
        typer.Option(
            "--reviewed-only",
            help="Only events a person accepted, edited or added (with --all: rejected too).",
        ),
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv, md or ics (iCalendar).")
    ] = "table",
    db: DbOption = None,
) -> None:
    """Print the events in date order, one row per real event with all the articles that reported it."""

    def body() -> None:
        from citydip.models import EventType, Level, Status
        from citydip.reports import GROUPS, TimelineFilter, iter_timeline
        from citydip.reports import timeline as build

        _check_format(fmt, extra=("ics",))
        types = tuple(type_ or ())
        _check_choice("event type", types, [e.value for e in EventType])
        _check_choice("level", [level] if level else [], [e.value for e in Level])
        _check_choice("status", [status] if status else [], [e.value for e in Status])
        _check_choice("group", [group] if group else [], GROUPS)
        flt = TimelineFilter(
            actor=actor,
            partner=partner,
            country=country,
            types=types,
            since=_check_date(since, "--since"),
            until=_check_date(until, "--until"),
            level=level,
            status=status,
            source=source,
            include_rejected=all_,
            reviewed_only=reviewed_only,
        )
        with _open_store(db, create=False) as store:
            if fmt == "json":  # written as it is read, a thousand events at a time
                _emit(render_timeline(iter_timeline(store, flt, raw=raw, limit=limit, group=group), fmt, out))
                return
            rows = build(store, flt, raw=raw, limit=limit, group=group)
        if fmt == "ics":
            from citydip.export import timeline_ics

            text, skipped = timeline_ics(rows)
            if skipped:
                err.print(
                    f"[yellow]note:[/yellow] {_count(skipped, 'undated event')} left out of the calendar"
                )
            # iCalendar lines end in CRLF whatever the platform: write bytes, not translated text
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            return
        _emit(render_timeline(rows, fmt, out))

    _run(body)


@app.command()
def cities(
    actor: Annotated[str | None, typer.Option(help="Only this actor's partners.")] = None,
    country: Annotated[
        str | None, typer.Option(help="Only partners in this country (ISO code or Korean name).")
    ] = None,
    level: Annotated[
        str | None, typer.Option(help="Only pairs at this level now: sister, amity, friendship, mou or none.")
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            help="partner (name), level (highest first), events (most first), first or last contact."
        ),
    ] = "level",
    limit: Annotated[
        int | None, typer.Option(min=0, help="Show at most this many pairs (the first in --sort order).")
    ] = None,
    all_: AllOption = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv, md or geojson (partner points).")
    ] = "table",
    db: DbOption = None,
) -> None:
    """Print the partner table: each partner, its level and since when, contacts and event counts."""

    def body() -> None:
        from citydip.models import Level
        from citydip.reports import SORTS
        from citydip.reports import cities as build

        _check_format(fmt, extra=("geojson",))
        _check_choice("level", [level] if level else [], [*(e.value for e in Level), "none"])
        _check_choice("sort", [sort], SORTS)
        with _open_store(db, create=False) as store:
            rows = build(
                store,
                actor=actor,
                country=country,
                level=level,
                sort=sort,
                limit=limit,
                include_rejected=all_,
            )
        if fmt == "geojson":
            from citydip.export import partners_geojson

            text, skipped = partners_geojson(rows)
            if skipped:
                err.print(
                    f"[yellow]note:[/yellow] {_count(skipped, 'partner')} without coordinates left off the map"
                )
            _emit(text)
            return
        _emit(render_cities(rows, fmt, out))

    _run(body)


alias_app = typer.Typer(
    help="Your own names for places: they win over the shipped gazetteer.", no_args_is_help=True
)
app.add_typer(alias_app, name="alias")


def _place_json(place, score: float | None = None, reason: str | None = None) -> dict:
    out = place.as_json(coordinates=True)
    if score is not None:
        out["score"] = score
        out["reason"] = reason
    return out


@app.command()
def places(
    query: Annotated[
        str, typer.Argument(help="A place name as news writes it: 호찌민, 북경, 산둥성, 부산 중구 …")
    ],
    context: Annotated[
        str | None, typer.Option(help="Text around the name (e.g. '미국 오하이오주'), used to resolve it.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Look a place name up in the gazetteer: candidates best first, with score and reason."""

    def body() -> None:
        from citydip.gazetteer import Gazetteer
        from citydip.store import resolve_db_path

        if fmt not in ("table", "json"):
            raise UsageError(f"unknown format {fmt!r} (choose from table, json)")
        gazetteer = Gazetteer.default()
        path = resolve_db_path(db)
        if path.exists():
            with _open_store(db, create=False) as store:
                aliases = store.aliases()
            if aliases:
                gazetteer = gazetteer.with_aliases(aliases)
        found = gazetteer.lookup(query, context or "")
        if not found:  # not found is exit 1 here as for `city` and `show`
            raise CitydipError(f"no place called {query!r}; `citydip alias add` can name it")
        if fmt == "json":
            import json

            _emit(
                json.dumps(
                    [_place_json(p, score, why) for p, score, why in found], ensure_ascii=False, indent=2
                )
            )
            return
        from rich.table import Table

        table = Table(title=f"Places for {query}")
        for col in ("name_ko", "name", "country", "kind", "geonameid", "score", "reason"):
            table.add_column(col)
        for place, score, why in found:
            table.add_row(
                place.name_ko,
                place.name,
                place.country,
                str(place.kind),
                str(place.geonameid or ""),
                f"{score:.2f}",
                why,
            )
        out.print(table)

    _run(body)


def _resolve_place_argument(value: str):
    """A place given on the command line: a GeoNames id, a key (gn:…, CC:name) or a name to look up."""
    from citydip.gazetteer import Gazetteer

    place = Gazetteer.default().place_named(value)
    if place is None:
        raise UsageError(f"no place called {value!r}; give a GeoNames id or a name `citydip places` knows")
    return place


@alias_app.command("add")
def alias_add(
    surface: Annotated[str, typer.Argument(help="The name as your articles write it, e.g. 래주.")],
    place: Annotated[str, typer.Argument(help="The place it means: a GeoNames id, a key, or a known name.")],
    db: DbOption = None,
) -> None:
    """Teach citydip a name; articles ingested afterwards (or re-ingested) use it."""

    def body() -> None:
        from citydip.sources import normalise_text

        name = normalise_text(surface).strip()
        if not name:
            raise UsageError("the alias is empty")
        target = _resolve_place_argument(place)
        from citydip.gazetteer import Gazetteer

        # a name the gazetteer already gives another place: the alias overrides it everywhere, say so
        known = [p for p, _score, _why in Gazetteer.default().lookup(name) if p.key != target.key]
        if known:
            others = ", ".join(f"{p.name_ko} ({p.name}, {p.country})" for p in known[:3])
            err.print(
                f"[yellow]warning:[/yellow] {name} is already the name of {others}; articles ingested from "
                f"now on read it as {target.name_ko} ({target.name}, {target.country})",
                highlight=False,
                soft_wrap=True,
            )
        with _open_store(db, create=True) as store:
            store.add_alias(name, target)
        _emit(f"alias {name} → {target.name_ko} ({target.name}, {target.country}, {target.key})")

    _run(body)


@alias_app.command("list")
def alias_list(fmt: FormatOption = "table", db: DbOption = None) -> None:
    """List your aliases."""

    def body() -> None:
        _check_format(fmt)
        with _open_store(db, create=False) as store:
            rows = store.aliases()
        if fmt == "json":
            import json

            _emit(
                json.dumps(
                    [{"surface": s, "place": _place_json(p)} for s, p in rows], ensure_ascii=False, indent=2
                )
            )
            return
        for surface, target in rows:
            _emit(f"{surface}\t{target.name_ko}\t{target.name}\t{target.country}\t{target.key}")

    _run(body)


@alias_app.command("remove")
def alias_remove(
    surface: Annotated[str, typer.Argument(help="The alias to forget.")], db: DbOption = None
) -> None:
    """Forget one of your aliases."""

    def body() -> None:
        with _open_store(db, create=False) as store:
            if not store.remove_alias(surface):
                raise UsageError(f"no alias {surface!r}")
        _emit(f"alias {surface} removed")

    _run(body)


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSON Lines files (one article a line).")],
    articles: Annotated[
        Path | None,
        typer.Option(help="Folder holding the gold articles (default: articles/ beside the gold file)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Score citydip on annotated articles: partner, event and agreement F1, date and actor accuracy."""

    def body() -> None:
        from citydip.evaluate import evaluate

        if fmt not in ("table", "json"):
            raise UsageError(f"unknown format {fmt!r} (choose from table, json)")
        result = evaluate(gold, articles)
        if fmt == "json":
            import json

            _emit(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        _print_evaluation(result)

    _run(body)


def _print_evaluation(result) -> None:
    from rich.table import Table

    table = Table(title=f"Evaluation over {len(result.articles)} articles")
    for col in ("measure", "precision", "recall", "F1 / accuracy", "counts"):
        table.add_column(col)
    for name, tally in (
        ("partner", result.partner),
        ("event", result.event),
        ("agreement", result.agreement),
    ):
        table.add_row(
            name,
            f"{tally.precision:.3f}",
            f"{tally.recall:.3f}",
            f"{tally.f1:.3f}",
            f"tp {tally.tp_gold} fp {tally.fp} fn {tally.fn}",
        )
    table.add_row("date", "", "", f"{result.date_accuracy:.3f}", f"{result.dates_ok}/{result.dates_total}")
    table.add_row(
        "actor", "", "", f"{result.actor_accuracy:.3f}", f"{result.actors_ok}/{result.actors_total}"
    )
    if result.distractors:  # pages whose gold holds no event: the share citydip left empty too
        table.add_row(
            "distractors clean",
            "",
            "",
            f"{result.distractors_clean / result.distractors:.3f}",
            f"{result.distractors_clean}/{result.distractors}",
        )
    if result.status_total:  # not a spec measure: done/planned agreement on matched pairs
        table.add_row(
            "status (extra)",
            "",
            "",
            f"{result.status_ok / result.status_total:.3f}",
            f"{result.status_ok}/{result.status_total}",
        )
    out.print(table)
    for art in result.articles:
        actor_wrong = art.has_actor and not art.actor_ok
        if art.misses or art.extras or art.date_misses or actor_wrong:
            out.print(f"[bold]{art.doc}[/bold]" + (f"  [red]actor {art.actor}[/red]" if actor_wrong else ""))
            for m in art.misses:
                out.print(f"  [red]miss[/red]  {m}", highlight=False)
            for x in art.extras:
                out.print(f"  [yellow]extra[/yellow] {x}", highlight=False)
            for d in art.date_misses:
                out.print(f"  [magenta]date[/magenta]  {d}", highlight=False)


def _report(fmt: str, db: Path | None, build, render) -> None:
    """A read command: check the format, query the store, print what the renderer makes of it."""
    _check_format(fmt)
    with _open_store(db, create=False) as store:
        result = build(store)
    _emit(render(result, fmt, out))


@app.command()
def city(
    name: Annotated[
        str, typer.Argument(help="The partner: Korean or English name, or its key (gn:2179537).")
    ],
    all_: AllOption = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Print one partner's whole history: its relations, every event with evidence and sources."""

    from citydip.reports import city as build

    _run(lambda: _report(fmt, db, lambda store: build(store, name, include_rejected=all_), render_city))


@app.command()
def show(
    event_id: Annotated[
        str, typer.Argument(help="An event id from timeline (its first characters will do).")
    ],
    all_: Annotated[bool, typer.Option("--all", help="Show it even if a person rejected it.")] = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Print one event in full, with every article that reported it and their evidence."""

    from citydip.reports import show as build

    _run(lambda: _report(fmt, db, lambda store: build(store, event_id, include_rejected=all_), render_event))


@app.command()
def stats(
    actor: Annotated[str | None, typer.Option(help="Only this actor's events.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    all_: AllOption = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Count events by year (with a bar chart), type, partner country and continent."""

    def body() -> None:
        from citydip.reports import TimelineFilter
        from citydip.reports import stats as build

        _check_format(fmt)
        flt = TimelineFilter(
            actor=actor,
            since=_check_date(since, "--since"),
            until=_check_date(until, "--until"),
            include_rejected=all_,
        )
        with _open_store(db, create=False) as store:
            result = build(store, flt)
        _emit(render_stats(result, fmt, out))

    _run(body)


@app.command()
def report(
    actor: Annotated[str | None, typer.Option(help="Only this actor (Korean or English name).")] = None,
    country: Annotated[
        str | None, typer.Option(help="Only partners in this country (ISO code, Korean or English name).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML file to write.", show_default=True)
    ] = Path("citydip-report.html"),
    db: DbOption = None,
) -> None:
    """Write one HTML file that opens offline: partner maps, events per year, relations, tables."""

    def body() -> None:
        from citydip.report import build, write
        from citydip.reports import TimelineFilter

        flt = TimelineFilter(
            actor=actor,
            country=country,
            since=_check_date(since, "--since"),
            until=_check_date(until, "--until"),
        )
        with _open_store(db, create=False) as store:
            content = build(store, flt)
        path = write(content, output)
        unplaced = content.unplaced
        if unplaced:
            err.print(
                f"[yellow]note:[/yellow] {_count(len(unplaced), 'partner')} without coordinates left off the map",
                highlight=False,
            )
        _emit(str(path))

    _run(body)


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help="Words to find, e.g. 서울시 자매결연 (every word must occur).")
    ],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many articles.")] = 20,
    all_: Annotated[bool, typer.Option("--all", help="List matched events a person rejected too.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Search article text and evidence sentences; Korean words match whatever particles follow them."""

    def body() -> None:
        from citydip.search import search as build

        if fmt not in ("table", "json"):
            raise UsageError(f"unknown format {fmt!r} (choose from table, json)")
        with _open_store(db, create=False) as store:
            hits = build(store, query, limit=limit, include_rejected=all_)
        _emit(render_search(hits, fmt, out))

    _run(body)


@app.command()
def load(
    paths: Annotated[
        list[str], typer.Argument(help="Events files (*.events.jsonl) or folders holding them.")
    ],
    db: DbOption = None,
) -> None:
    """Store articles and events extracted elsewhere (python -m citydip.distributed), as ingest would."""

    def body() -> int:
        from citydip.distributed import load_extracted

        with _open_store(db, create=True) as store:
            report = load_extracted(store, paths)
        _print_ingest_report(report)
        return EXIT_INPUT_FAILED if report.failed or report.stopped else EXIT_OK

    code = _run(body)
    if code:
        raise typer.Exit(code=code)


# -- reviewing: a person's word on events ---------------------------------------------------------------

EventIds = Annotated[
    list[str], typer.Argument(help="Event ids from timeline or show (their first characters will do).")
]
TypeOption = Annotated[
    str | None, typer.Option("--type", help="Event type: agreement, meeting, visit, forum, award, policy …")
]
PartnerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--partner", help="A partner (Korean or English name, or a key); repeatable.", show_default=False
    ),
]
LevelOption = Annotated[
    str | None, typer.Option(help="Agreement level: sister, amity, friendship, mou or none.")
]
DateOption = Annotated[
    str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD; a range START~END (2024-05-19~21); none.")
]
StatusOption = Annotated[str | None, typer.Option(help="done or planned.")]
DirectionOption = Annotated[
    str | None, typer.Option(help="A visit's or aid's direction: outbound, inbound or none.")
]


def _print_decided(decided) -> None:
    from citydip.render import decided_line

    for one in decided:
        _emit(decided_line(one))


@app.command()
def accept(event_ids: EventIds, db: DbOption = None) -> None:
    """Confirm events: reports mark them reviewed, and re-extraction keeps the mark."""

    def body() -> None:
        from citydip.review import ACCEPTED, decide_events

        with _open_store(db, create=False) as store:
            _print_decided(decide_events(store, event_ids, ACCEPTED))

    _run(body)


@app.command()
def reject(
    event_ids: EventIds,
    why: Annotated[
        str | None, typer.Option("--why", help="Why the events are wrong (kept with them).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Reject events: they leave every report (--all shows them), and stay rejected after re-extraction."""

    def body() -> None:
        from citydip.review import REJECTED, decide_events

        with _open_store(db, create=False) as store:
            _print_decided(decide_events(store, event_ids, REJECTED, reason=(why or "").strip() or None))

    _run(body)


@app.command()
def edit(
    event_id: Annotated[
        str, typer.Argument(help="An event id from timeline or show (its first characters will do).")
    ],
    type_: TypeOption = None,
    partner: PartnerOption = None,
    level: LevelOption = None,
    date_: Annotated[
        str | None,
        typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD; a range START~END (2024-05-19~21); none."),
    ] = None,
    status: StatusOption = None,
    direction: DirectionOption = None,
    db: DbOption = None,
) -> None:
    """Correct an event (every report of it); re-extraction keeps the correction."""

    def body() -> None:
        from citydip.review import EDITED, decide_events, parse_changes

        with _open_store(db, create=False) as store:
            changes = parse_changes(
                store,
                type=type_,
                partners=partner or (),
                level=level,
                date=date_,
                status=status,
                direction=direction,
            )
            if not changes:
                raise UsageError(
                    "nothing to change: give --type, --partner, --level, --date, --status or --direction"
                )
            _print_decided(decide_events(store, [event_id], EDITED, changes=changes))

    _run(body)


@app.command()
def add(
    article_id: Annotated[
        str, typer.Argument(help="The article's id (timeline --format json; its first characters will do).")
    ],
    type_: Annotated[
        str, typer.Option("--type", help="Event type: agreement, meeting, visit, forum, award …")
    ],
    partner: Annotated[
        list[str], typer.Option("--partner", help="A partner (name or key); repeatable.", show_default=False)
    ],
    evidence: Annotated[str, typer.Option(help="The sentence that says it; it must occur in the article.")],
    date_: Annotated[
        str | None, typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD; a range START~END.")
    ] = None,
    level: LevelOption = None,
    status: Annotated[str, typer.Option(help="done or planned.")] = "done",
    direction: DirectionOption = None,
    actor: Annotated[str | None, typer.Option(help="The actor (default: the article's).")] = None,
    db: DbOption = None,
) -> None:
    """Add an event the extractor missed to a stored article; re-extraction keeps it."""

    def body() -> None:
        from citydip.review import add_event

        with _open_store(db, create=False) as store:
            decided = add_event(
                store,
                article_id,
                type=type_,
                partners=partner,
                evidence=evidence,
                date=date_,
                level=level,
                status=status,
                direction=direction,
                actor=actor,
            )
        _print_decided([decided])

    _run(body)


_REVIEW_KEYS = {"a": "accept", "r": "reject", "e": "edit", "s": "skip", "q": "quit"}
_REVIEW_PROMPT = "[a]ccept [r]eject [e]dit [s]kip [q]uit"


@app.command()
def review(
    actor: Annotated[str | None, typer.Option(help="Only this actor's events.")] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", help="Only these event types (repeatable).")
    ] = None,
    context: Annotated[int, typer.Option(min=0, help="Sentences shown on each side of the evidence.")] = 1,
    db: DbOption = None,
) -> None:
    """Review events one at a time, least certain first: accept, reject, edit, skip or quit.

    Each decision is stored the moment it is typed: an interrupted review loses none of them.
    """

    def body() -> None:
        from citydip.models import EventType
        from citydip.render import decided_line, render_review_item
        from citydip.review import ACCEPTED, EDITED, REJECTED, decide_events, next_for_review

        types = tuple(type_ or ())
        _check_choice("event type", types, [e.value for e in EventType])
        done: dict[str, int] = {"accepted": 0, "rejected": 0, "edited": 0, "skipped": 0}
        skipped: set[str] = set()
        left = 0
        with _open_store(db, create=False) as store:
            while True:
                item = next_for_review(store, actor=actor, types=types, skip=skipped, around=context)
                if item is None:
                    left = 0
                    _emit("nothing left to review")
                    break
                left = item.left
                out.print()
                render_review_item(item, out)
                action = _ask_action()
                if action == "quit":
                    break
                event_id = item.row.record.id
                if action == "skip":
                    skipped.add(event_id)
                    done["skipped"] += 1
                    continue
                if action == "accept":
                    decided = decide_events(store, [event_id], ACCEPTED)
                elif action == "reject":
                    why = _ask("why (Enter: no reason)").strip()
                    decided = decide_events(store, [event_id], REJECTED, reason=why or None)
                else:
                    changes = _ask_changes(store, item.row)
                    if not changes:
                        _emit("nothing changed")
                        continue
                    decided = decide_events(store, [event_id], EDITED, changes=changes)
                done[decided[0].verdict] += 1
                left -= 1
                _emit(decided_line(decided[0]))
        _emit(
            f"reviewed: {done['accepted']} accepted, {done['rejected']} rejected, {done['edited']} edited, "
            f"{done['skipped']} skipped; {max(left, 0)} left"
        )

    _run(body)


def _ask(question: str) -> str:
    """One line typed by the person; the end of the input (Ctrl-D, or a script's last line) quits, and
    Ctrl-C interrupts as in every command (click's prompt would turn both into one Abort)."""
    try:
        return input(f"{question}: ")
    except EOFError:
        sys.stdout.write("\n")
        raise _EndOfInput from None


class _EndOfInput(Exception):
    """The person's input ended: the review stops as with q."""


def _ask_action() -> str:
    while True:
        try:
            answer = _ask(_REVIEW_PROMPT).strip().lower()
        except _EndOfInput:
            return "quit"
        if answer[:1] in _REVIEW_KEYS:
            return _REVIEW_KEYS[answer[:1]]
        if answer:
            err.print(f"[yellow]type one of a, r, e, s, q[/yellow] (not {escape(answer)!r})", highlight=False)


def _ask_changes(store, row) -> dict:
    """The edit of the event under review, field by field (Enter keeps a field as it is)."""
    from citydip.render import date_span
    from citydip.review import parse_changes

    r = row.record
    current = {
        "type": r.type,
        "partners": ", ".join(p.name_ko for p in r.partners),
        "level": r.level or "none",
        "date": date_span(r.date, r.date_end) if r.date else "none",
        "status": row.status,
        "direction": r.direction or "none",
    }
    changes: dict = {}
    for name, value in current.items():
        while True:
            try:
                answer = _ask(f"{name} [{value}]").strip()
            except _EndOfInput:
                return changes
            if not answer or answer == value:
                break
            try:
                if name == "partners":
                    given = [p.strip() for p in answer.split(",") if p.strip()]
                    changes.update(parse_changes(store, partners=given))
                else:
                    changes.update(parse_changes(store, **{name: answer}))
                break
            except UsageError as exc:
                err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    kind = changes.get("type", r.type)
    if changes.get("level") is not None and kind != "agreement":
        err.print("[yellow]note:[/yellow] a level is for agreements; left out", highlight=False)
        changes.pop("level")
    return changes


@app.command()
def reprocess(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what re-extraction would change; write nothing.")
    ] = False,
    actor: Annotated[str | None, typer.Option(help="Only articles of this actor.")] = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on or after this date.")] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: one per core).", show_default=False
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Extract stored articles again with this citydip, its data files and your aliases; decisions hold."""

    def body() -> int:
        from citydip.parallel import default_jobs
        from citydip.render import render_reprocess
        from citydip.reports import _keys
        from citydip.reprocess import reprocess as run_reprocess
        from citydip.store import Store, resolve_db_path

        if fmt not in ("table", "json"):
            raise UsageError(f"unknown format {fmt!r} (choose from table, json)")
        day = _check_date(since, "--since")
        path = resolve_db_path(db)
        if not path.exists():
            raise StoreError(f"{path}: no citydip database here (run `citydip ingest` first)")
        store = Store.read_only(path) if dry_run else Store(path, create=False)
        try:
            actor_keys = _keys(store, actor, "actor")
            options = dict(
                actor_keys=actor_keys, since=day, dry_run=dry_run, jobs=jobs or default_jobs(), reraise=debug
            )
            if err.is_terminal:
                with err.status("reading…") as status:
                    report = run_reprocess(
                        store, progress=lambda name: status.update(f"extracting {name}"), **options
                    )
            else:
                report = run_reprocess(store, **options)
        finally:
            store.close()
        for failure in report.failed:
            err.print(f"[red]failed:[/red] {escape(str(failure))}", highlight=False, soft_wrap=True)
        if report.lost:
            shown = "; ".join(report.lost[:3]) + (
                f" and {len(report.lost) - 3} more" if len(report.lost) > 3 else ""
            )
            finds = "no longer finds its event" if len(report.lost) == 1 else "no longer find their events"
            err.print(
                f"[yellow]note:[/yellow] {_count(len(report.lost), 'decision')} {finds} "
                f"(kept: they apply again when it is found): {escape(shown)}",
                highlight=False,
                soft_wrap=True,
            )
        if report.stopped:
            err.print(
                f"[red]error:[/red] {escape(report.stopped)}; the articles stored so far are complete, and "
                "running reprocess again finishes the rest",
                highlight=False,
                soft_wrap=True,
            )
        _emit(render_reprocess(report, fmt, out))
        return EXIT_INPUT_FAILED if report.failed or report.stopped else EXIT_OK

    code = _run(body, debug=debug)
    if code:
        raise typer.Exit(code=code)


decisions_app = typer.Typer(
    help="Move a team's review between databases: export and import decisions.", no_args_is_help=True
)
app.add_typer(decisions_app, name="decisions")


@decisions_app.command("export")
def decisions_export(
    path: Annotated[Path, typer.Argument(help="The JSON Lines file to write (one decision a line).")],
    db: DbOption = None,
) -> None:
    """Write every decision (accepted, rejected, edited and added events) to a file."""

    def body() -> None:
        from citydip.review import export_decisions

        with _open_store(db, create=False) as store:
            count = export_decisions(store, path)
        _emit(f"{_count(count, 'decision')} written to {path}")

    _run(body)


@decisions_app.command("import")
def decisions_import(
    path: Annotated[Path, typer.Argument(help="A file `citydip decisions export` wrote.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Apply the decisions of a file; importing it twice changes nothing, and the later decision wins."""

    def body() -> int:
        from citydip.review import import_decisions

        if fmt not in ("table", "json"):
            raise UsageError(f"unknown format {fmt!r} (choose from table, json)")
        with _open_store(db, create=False) as store:
            report = import_decisions(store, path)
        for failure in report.failed:
            err.print(f"[red]failed:[/red] {escape(str(failure))}", highlight=False, soft_wrap=True)
        if report.absent:
            shown = ", ".join(report.absent[:5]) + (
                f" and {len(report.absent) - 5} more" if len(report.absent) > 5 else ""
            )
            err.print(
                f"[yellow]note:[/yellow] {_count(report.absent_decisions, 'decision')} on "
                f"{_count(len(report.absent), 'article')} not in this database ({shown}): kept, they apply when "
                "those articles are ingested",
                highlight=False,
                soft_wrap=True,
            )
        if fmt == "json":
            import json

            _emit(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            _emit(
                f"decisions: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
                f"{report.older} older than this database's (kept), {len(report.failed)} failed; "
                f"{report.absent_decisions} for articles not in this database"
            )
        return EXIT_INPUT_FAILED if report.failed else EXIT_OK

    code = _run(body)
    if code:
        raise typer.Exit(code=code)


def _lean_app(argv: list[str]) -> typer.Typer:
    """The app with just the command being run (``citydip timeline …``), else the whole app.

    typer reads the signature of every command to build the command line before it runs one; for a
    single command that was a fifth of citydip's start-up. The command parses, helps and fails exactly
    as in the whole app; ``citydip --help`` and unknown commands get the whole app."""
    if not argv or argv[0].startswith("-"):
        return app
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.lower().replace("_", "-")
        if name == argv[0]:
            lean = typer.Typer(**_APP_SETTINGS)
            lean.registered_commands = [info]
            lean.callback()(_group)  # a group of one: `citydip NAME …` stays a subcommand
            return lean
    return app


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("citydip")
        except PackageNotFoundError:  # pragma: no cover - a checkout on sys.path, not installed
            number = "unknown"
        typer.echo(f"citydip {number}")
        raise typer.Exit()


def _group(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn Korean news articles into a queryable history of city diplomacy.

    Every command takes --debug (or CITYDIP_DEBUG=1): an unexpected error then shows its traceback.
    """


app.callback()(_group)


_terminated = False


def _on_sigterm(signum, frame) -> None:
    """SIGTERM is handled as Ctrl-C is: the article being stored is rolled back, whole ones are kept."""
    global _terminated
    _terminated = True
    raise KeyboardInterrupt


def _take_debug(argv: list[str]) -> list[str]:
    """--debug anywhere on the command line, for every command: ingest keeps it as its own option."""
    if "--debug" not in argv:
        return argv
    os.environ["CITYDIP_DEBUG"] = "1"
    return argv if argv[:1] == ["ingest"] else [a for a in argv if a != "--debug"]


def main() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    sys.argv[1:] = _take_debug(sys.argv[1:])
    try:
        _lean_app(sys.argv[1:])()
        return
    except KeyboardInterrupt:
        pass
    except SystemExit:
        if not _terminated:  # click turns an interrupt into its own exit; SIGTERM must still say 143
            raise
    err.print("[red]terminated[/red]" if _terminated else "[red]interrupted[/red]")
    sys.exit(128 + signal.SIGTERM if _terminated else 130)
