"""zhfacts: structured, searchable facts from Chinese work-summary reports.

Data flows one way: bytes -> text (`pipeline.normalize`) -> doc -> facts -> tables -> database.
"""
from pipeline.errors import InputError, ZhfactsError
from pipeline.normalize import Normalized, read

__version__ = "0.1.0"
__all__ = ["InputError", "Normalized", "ZhfactsError", "read", "__version__"]
