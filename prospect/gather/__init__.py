"""Gathering: fetch a prospect's pages politely and store every version seen."""

from prospect.decode import decode_body
from prospect.gather.persist import SourceResult
from prospect.gather.run import (
    DiscoveredPage,
    GatherReport,
    ProgressEvent,
    gather,
    select_prospects,
)

__all__ = ["DiscoveredPage", "GatherReport", "ProgressEvent", "SourceResult", "decode_body",
           "gather", "select_prospects"]
