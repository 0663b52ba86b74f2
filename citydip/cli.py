"""The citydip command line: parse arguments, call the core, render; errors become exit codes."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from citydip.errors import CitydipError, StoreError, UsageError
from citydip.render import FORMATS, render_cities, render_timeline

app = typer.Typer(
    name="citydip",
    help="Turn Korean news articles into a queryable history of city diplomacy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(soft_wrap=False)
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $CITYDIP_DB, else ./citydip.db).", show_default=False),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or md.")]

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2
_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code=code)


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return fmt


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
    return value


def _open_store(db: Path | None, *, create: bool):
    from citydip.store import Store, resolve_db_path

    return Store(resolve_db_path(db), create=create)


def _emit(text: str | None) -> None:
    if text is not None:
        sys.stdout.write(text + ("\n" if text and not text.endswith("\n") else ""))


def _run(fn):
    """Map core errors to one red line and an exit code; never a traceback."""
    try:
        return fn()
    except UsageError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    except (StoreError, CitydipError) as exc:
        raise _fail(str(exc), EXIT_INPUT_FAILED) from None


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date for every article read (YYYY-MM-DD); overrides metadata."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Read articles, extract city-diplomacy events and store both."""

    def body() -> int:
        from citydip.pipeline import ingest as run_ingest

        day = _check_date(published, "--published", full=True)
        with _open_store(db, create=True) as store:
            if err.is_terminal:
                with err.status("reading…") as status:
                    report = run_ingest(
                        store, paths, published=day, progress=lambda name: status.update(f"extracting {name}")
                    )
            else:
                report = run_ingest(store, paths, published=day)
        for line in report.failures:
            err.print(f"[red]failed:[/red] {line}", highlight=False, soft_wrap=True)
        for line in report.notices + report.inferred:
            err.print(f"[yellow]note:[/yellow] {line}", highlight=False, soft_wrap=True)
        summary = (
            f"articles: {report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.failed} failed"
            + (f", {report.skipped} skipped" if report.skipped else "")
            + f"; events found: {report.events}"
        )
        _emit(summary)
        return EXIT_INPUT_FAILED if report.failed else EXIT_OK

    code = _run(body)
    if code:
        raise typer.Exit(code=code)


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
    since: Annotated[str | None, typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="One row per mention instead of one per event.")] = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Print the events in date order."""

    def body() -> None:
        from citydip.models import EventType
        from citydip.reports import TimelineFilter
        from citydip.reports import timeline as build

        _check_format(fmt)
        types = tuple(type_ or ())
        unknown = [t for t in types if t not in {e.value for e in EventType}]
        if unknown:
            raise UsageError(
                f"unknown event type {unknown[0]!r} (choose from {', '.join(e.value for e in EventType)})"
            )
        flt = TimelineFilter(
            actor=actor,
            partner=partner,
            country=country,
            types=types,
            since=_check_date(since, "--since"),
            until=_check_date(until, "--until"),
        )
        with _open_store(db, create=False) as store:
            rows = build(store, flt, raw=raw)
        _emit(render_timeline(rows, fmt, out))

    _run(body)


@app.command()
def cities(
    actor: Annotated[str | None, typer.Option(help="Only this actor's partners.")] = None,
    country: Annotated[
        str | None, typer.Option(help="Only partners in this country (ISO code or Korean name).")
    ] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Print the partner table: each partner, its level and since when, contacts and event counts."""

    def body() -> None:
        from citydip.reports import cities as build

        _check_format(fmt)
        with _open_store(db, create=False) as store:
            rows = build(store, actor=actor, country=country)
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
        if fmt == "json":
            import json

            _emit(
                json.dumps(
                    [_place_json(p, score, why) for p, score, why in found], ensure_ascii=False, indent=2
                )
            )
            return
        if not found:
            out.print(f"no place called {query!r}", highlight=False)
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

    gazetteer = Gazetteer.default()
    key = f"gn:{value}" if value.isdigit() else value
    place = gazetteer.by_key(key)
    if place is None:
        found = gazetteer.lookup(value)
        if not found:
            raise UsageError(
                f"no place called {value!r}; give a GeoNames id or a name `citydip places` knows"
            )
        place = found[0][0]
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
        "actor", "", "", f"{result.actor_accuracy:.3f}", f"{result.actors_ok}/{len(result.articles)}"
    )
    out.print(table)
    for art in result.articles:
        if art.misses or art.extras or art.date_misses or not art.actor_ok:
            out.print(f"[bold]{art.doc}[/bold]" + ("" if art.actor_ok else f"  [red]actor {art.actor}[/red]"))
            for m in art.misses:
                out.print(f"  [red]miss[/red]  {m}", highlight=False)
            for x in art.extras:
                out.print(f"  [yellow]extra[/yellow] {x}", highlight=False)
            for d in art.date_misses:
                out.print(f"  [magenta]date[/magenta]  {d}", highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("[red]interrupted[/red]")
        sys.exit(130)
