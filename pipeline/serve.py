"""`zhfacts serve`: the fact database in a browser with Datasette — Chinese search from
its search box, facets, column labels, table descriptions and canned queries."""
from __future__ import annotations

from pathlib import Path

from pipeline.facts import FACT_TYPES

TITLES = {"documents": "报告", "sentences": "句子", "metrics": "数据", "dates": "日期", "organizations": "机构",
          "slogans": "提法", "placeholders": "待填空缺", "references": "引用文件", "errors": "导入失败"}
DESCRIPTIONS = {
    "documents": "每份报告一行：来源、解码与修复、标题、地区和参照日期。",
    "sentences": "每份报告的每个句子（规范简体），及其在原文中的位置。",
    "metrics": "带单位的数字：数量、金额（元）、百分比、百分点。value 已换算（1.35万 = 13500）。",
    "dates": "日期、时段和期限，ISO 8601 格式（2024-H1、2024-01/2024-08、P5Y）。",
    "organizations": "机构名称；name 为规范名称（前加地区），kind 为类别（党组织、政府……）。",
    "slogans": "提法、活动、品牌和口号（两个维护、五基三化……）。",
    "placeholders": "草稿中的待填空缺（*人、*%、XX个、占比后无数字），带行号和列号。",
    "references": "《》中的文件名：政策、法规、媒体。",
    "errors": "未能导入的文件及原因。",
}
LOCATED = "每行附所在报告的地区、年份、路径和标题，可按地区、年份分面。"
LABELS = {
    "id": "行号", "doc_id": "报告编号（文件 SHA-256 前 16 位）", "sentence": "句号（报告中的第几句）",
    "start": "原文起始位置", "end": "原文结束位置",
    "text": "原文写法", "norm": "规范写法（简体、半角）",
    "value": "数值（已换算）", "unit": "规范单位", "approx": "约数：more_than 以上 / about 约 / nearly 近 / less_than 不到",
    "subject": "统计对象", "granularity": "粒度：日 day / 月 month / 季 quarter / 半年 half / 年 year / 时段 range / 期限 duration",
    "relative": "是否依赖参照日期", "name": "规范名称", "kind": "类别",
    "line": "行号（从 1 起）", "col": "列号（按字符，从 1 起）", "context": "空缺所在分句",
    "region": "报告所属市或省", "ref_date": "相对日期的参照日期",
    "year": "参照日期的年份", "repairs": "对文本所做的修复（JSON）", "path": "报告文件路径",
    "title": "报告标题（首行）", "source": "来源", "reason": "原因", "at": "时间",
    "encoding": "原文编码", "script": "原文字形（简体 / 繁体）", "score": "相关度（bm25，越小越相关）",
}
FACETS = {"documents": ["region", "year", "script", "encoding"], "metrics": ["unit", "approx"],
          "dates": ["granularity", "relative"], "organizations": ["kind"], "slogans": ["kind"],
          "placeholders": ["kind", "unit"], "references": ["kind"], "errors": ["reason"]}
SEARCHABLE = ["sentences", "metrics", "dates", "organizations", "slogans", "placeholders", "references"]


def _ranked_query(table: str) -> dict:
    """A canned query: the rows of `table` matching :q, best bm25 first, with the region,
    year and path of their document. Datasette's table search cannot order by relevance
    (simonw/datasette#268), so the search box of a table leads here (datasette_plugin)."""
    fts = f'"{table}_fts"'
    shown = "t.text" if table == "sentences" else "t.norm, t.text"
    extra = {"metrics": ", t.value, t.unit, t.subject", "organizations": ", t.name, t.kind",
             "slogans": ", t.kind", "placeholders": ", t.kind, t.line, t.col",
             "references": ", t.kind", "dates": ", t.value, t.granularity"}.get(table, "")
    return {
        "title": f"搜索{TITLES[table]}（按相关度）",
        "description": "最相关的在前（bm25）；匹配的词高亮。",
        "sql": f"SELECT {shown}{extra}, d.region, d.year, d.path, round(bm25({fts}), 3) AS score "
               f"FROM {fts} JOIN \"{table}\" t ON t.rowid = {fts}.rowid JOIN documents d USING (doc_id) "
               f"WHERE {fts} MATCH zh_fts_query(:q) ORDER BY bm25({fts}) LIMIT 200"}


QUERIES = {
    "metrics_per_region": {
        "title": "各地区各单位的数据",
        "sql": "SELECT d.region, m.unit, count(*) AS metrics, sum(m.value) AS total FROM metrics m "
               "JOIN documents d USING (doc_id) GROUP BY d.region, m.unit ORDER BY d.region, metrics DESC"},
    "gaps_per_draft": {
        "title": "各草稿的待填空缺",
        "sql": "SELECT d.title, d.source, p.kind, count(*) AS gaps FROM placeholders p "
               "JOIN documents d USING (doc_id) GROUP BY d.doc_id, p.kind ORDER BY gaps DESC"},
    "slogans_across_cities": {
        "title": "各城市共有的提法",
        "sql": "SELECT s.norm AS slogan, s.kind, count(DISTINCT d.region) AS regions, "
               "group_concat(DISTINCT d.region) AS which, count(*) AS mentions FROM slogans s "
               "JOIN documents d USING (doc_id) GROUP BY s.norm, s.kind ORDER BY regions DESC, mentions DESC"},
    "brands_per_city_and_year": {
        "title": "各城市各年份的党建品牌",
        "sql": "SELECT d.region, d.year, count(*) AS brands, group_concat(DISTINCT s.norm) AS names "
               "FROM slogans s JOIN documents d USING (doc_id) WHERE s.kind = 'brand' "
               "GROUP BY d.region, d.year ORDER BY d.year DESC, brands DESC"},
    "ranked_search": {
        "title": "搜索句子（按相关度）",
        "description": "最相关的在前（bm25）；匹配的词在【】中。",
        "sql": "SELECT zh_mark(s.text, :q) AS text, d.title, d.region, d.year, d.path, "
               "round(bm25(sentences_fts), 3) AS score FROM sentences_fts f "
               "JOIN sentences s ON s.rowid = f.rowid JOIN documents d USING (doc_id) "
               "WHERE sentences_fts MATCH zh_fts_query(:q) ORDER BY score LIMIT 100"},
    **{f"{t}_search": _ranked_query(t) for t in SEARCHABLE},
}


def _columns(table: str) -> list[str]:
    from pipeline.facts import columns
    from pipeline.store.sqlite import DOCUMENT_COLUMNS

    return {"documents": DOCUMENT_COLUMNS, "sentences": ["doc_id", "sentence", "start", "end", "text"],
            "errors": ["source", "reason", "at"]}.get(table) or columns(table)


def metadata(db: Path) -> dict:
    """Datasette metadata for the fact database `db`: Chinese titles, descriptions and column
    descriptions; facets; each table's FTS index; the `<table>_located` views (region, year,
    path on every row, to facet by) searchable through the same index; canned queries."""
    tables = {}
    for table in ["documents", "sentences", *FACT_TYPES, "errors"]:
        labels = {c: LABELS[c] for c in _columns(table) if c in LABELS}
        if table == "sentences":
            labels["text"] = "句子（规范简体）"
        meta = {"title": TITLES[table], "description": DESCRIPTIONS[table], "facets": FACETS.get(table, []),
                "columns": labels}
        if table in SEARCHABLE:
            meta.update(fts_table=f"{table}_fts", fts_pk="rowid")
            tables[f"{table}_located"] = {
                "title": f"{TITLES[table]}（附地区、年份）", "description": f"{DESCRIPTIONS[table]}{LOCATED}",
                "facets": ["region", "year", *FACETS.get(table, [])],
                "columns": {**labels, **{c: LABELS[c] for c in ("id", "region", "year", "path", "title")}},
                "fts_table": f"{table}_fts", "fts_pk": "id"}
        tables[table] = meta
        tables[f"{table}_fts"] = {"hidden": True}
    return {"title": "zhfacts：工作报告事实库",
            "description": "在任一表的搜索框中输入中文词（党建、品牌、五基三化），结果按相关度排序、匹配处高亮；"
                           "“附地区、年份”的视图可按地区和年份分面。",
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
