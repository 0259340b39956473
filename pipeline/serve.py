"""`zhfacts serve`: the fact database in a browser with Datasette — Chinese search from
its search box, facets, column labels, table descriptions and canned queries."""
from __future__ import annotations

from pathlib import Path

from pipeline.facts import FACT_TYPES

DESCRIPTIONS = {
    "documents": "One row per report: where it came from, how it was decoded and repaired, its title, "
                 "region and reference date.",
    "sentences": "Every sentence of every report (clean Simplified text), with its offsets in the original.",
    "metrics": "Figures with their unit: counts, money (元), percentages, percentage points. "
               "value is fully scaled (1.35万 = 13500).",
    "dates": "Dates, periods and durations as ISO 8601 (2024-H1, 2024-01/2024-08, P5Y).",
    "organizations": "Named bodies; name is canonical (region in front), kind is party/government/...",
    "slogans": "Formulas, campaigns, brands and mottos (两个维护, 五基三化, …).",
    "placeholders": "Gaps left in drafts (*人, *%, XX个, 占比 without a figure), with line and column.",
    "references": "Titles in 《》: policies, regulations, media.",
    "errors": "Files that could not be ingested, and why.",
}
LABELS = {
    "doc_id": "document id (SHA-256 of the file, 16 hex)", "sentence": "sentence number in the document",
    "start": "start offset in the original text", "end": "end offset in the original text",
    "text": "as written in the original", "norm": "normalized (Simplified, half-width)",
    "value": "value, fully scaled", "unit": "canonical unit", "approx": "more_than / about / nearly / less_than",
    "subject": "what is counted", "granularity": "day / month / quarter / half / year / range / duration",
    "relative": "needed the reference date", "name": "canonical name", "kind": "kind",
    "line": "line (1-based)", "col": "column in characters (1-based)", "context": "the clause around the gap",
    "region": "the city or province the report is about", "ref_date": "date relative expressions resolve to",
    "year": "year of the reference date", "repairs": "repairs applied to the text (JSON)",
}
FACETS = {"documents": ["region", "year", "script", "encoding"], "metrics": ["unit", "approx"],
          "dates": ["granularity", "relative"], "organizations": ["kind"], "slogans": ["kind"],
          "placeholders": ["kind", "unit"], "references": ["kind"], "errors": ["reason"]}
QUERIES = {
    "metrics_per_region": {
        "title": "Metrics per region and unit",
        "sql": "SELECT d.region, m.unit, count(*) AS metrics, sum(m.value) AS total FROM metrics m "
               "JOIN documents d USING (doc_id) GROUP BY d.region, m.unit ORDER BY d.region, metrics DESC"},
    "gaps_per_draft": {
        "title": "Gaps per draft",
        "sql": "SELECT d.title, d.source, p.kind, count(*) AS gaps FROM placeholders p "
               "JOIN documents d USING (doc_id) GROUP BY d.doc_id, p.kind ORDER BY gaps DESC"},
    "slogans_across_cities": {
        "title": "Slogans across cities",
        "sql": "SELECT s.norm AS slogan, s.kind, count(DISTINCT d.region) AS regions, "
               "group_concat(DISTINCT d.region) AS which, count(*) AS mentions FROM slogans s "
               "JOIN documents d USING (doc_id) GROUP BY s.norm, s.kind ORDER BY regions DESC, mentions DESC"},
    "brands_per_city_and_year": {
        "title": "党建品牌 (brands) per city and year",
        "sql": "SELECT d.region, d.year, count(*) AS brands, group_concat(DISTINCT s.norm) AS names "
               "FROM slogans s JOIN documents d USING (doc_id) WHERE s.kind = 'brand' "
               "GROUP BY d.region, d.year ORDER BY d.year DESC, brands DESC"},
    "ranked_search": {
        "title": "Search sentences, best match first",
        "description": "Best match first (bm25); the words found between 【】.",
        "sql": "SELECT zh_mark(s.text, :q) AS text, d.title, d.region, d.year, d.path, "
               "round(bm25(sentences_fts), 3) AS score FROM sentences_fts f "
               "JOIN sentences s ON s.rowid = f.rowid JOIN documents d USING (doc_id) "
               "WHERE sentences_fts MATCH zh_fts_query(:q) ORDER BY score LIMIT 100"},
}


def _columns(table: str) -> list[str]:
    from pipeline.facts import columns
    from pipeline.store.sqlite import DOCUMENT_COLUMNS

    return {"documents": DOCUMENT_COLUMNS, "sentences": ["doc_id", "sentence", "start", "end", "text"],
            "errors": ["source", "reason", "at"]}.get(table) or columns(table)


def metadata(db: Path) -> dict:
    tables = {}
    for table in ["documents", "sentences", *FACT_TYPES, "errors"]:
        labels = {c: LABELS[c] for c in _columns(table) if c in LABELS}
        if table == "sentences":
            labels["text"] = "the sentence (clean Simplified text)"
        meta = {"description": DESCRIPTIONS[table], "facets": FACETS.get(table, []), "columns": labels}
        if table not in ("documents", "errors"):
            meta.update(fts_table=f"{table}_fts", fts_pk="rowid")
        tables[table] = meta
        tables[f"{table}_fts"] = {"hidden": True}
    return {"title": "zhfacts: facts of Chinese work reports",
            "description": "Search any Chinese word (党建, 品牌, 五基三化) in a table's search box.",
            "databases": {db.stem: {"tables": tables, "queries": QUERIES}}}


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server on this machine (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def serve(db: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette in this process, so no server outlives the command: uvicorn shuts down
    gracefully on SIGINT (exit 0) or SIGTERM (then ends by that signal, as a process should)."""
    import asyncio

    import uvicorn
    from datasette.app import Datasette

    ds = Datasette([str(db)], metadata=metadata(db),
                   settings={"suggest_facets": False, "sql_time_limit_ms": 3000,
                             "truncate_cells_html": 120})  # a report's whole text is not one tall cell
    asyncio.run(ds.invoke_startup())
    server = uvicorn.Server(uvicorn.Config(ds.app(), host=host, port=port, log_level="info", lifespan="on"))
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn hands SIGINT back once it has stopped
        return 0
    return 0 if server.started else 1  # not started: the port is taken, say
