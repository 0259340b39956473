"""zhfacts: structured, searchable facts from Chinese work-summary reports.

Data flows one way: bytes -> text (`pipeline.normalize`) -> doc (`pipeline.segment`,
spaCy) -> facts (`pipeline.extractors`, records in `pipeline.facts`) -> tables -> database.

    import pipeline
    doc = pipeline.read("report.txt")              # normalized text + offset map
    nlp = pipeline.load(segmenter="jieba")         # the spaCy zh pipeline
    result = pipeline.extract("report.txt")        # typed facts, original offsets
    frames = pipeline.to_frames([result])          # pandas, one table per fact type
"""
from pipeline.errors import InputError, ZhfactsError
from pipeline.normalize import Normalized, read

__version__ = "0.1.0"
__all__ = ["InputError", "Normalized", "ZhfactsError", "extract", "load", "read", "to_frames", "__version__"]


def __getattr__(name: str):
    # spaCy and pandas load only when extraction is used: `zhfacts normalize` stays light
    if name in ("load", "extract", "to_frames"):
        import importlib

        return getattr(importlib.import_module("pipeline.extractors"), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
