"""Counts kept by every process in one table, so the API can show what the workers did."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

# The bucket of a plain counter (no histogram).
NO_BUCKET = ""


class MetricCount(Base):
    """How many times `name` happened with `labels` (and, for a histogram, in which bucket), and its total."""

    __tablename__ = "metric_counts"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The labels as canonical JSON (sorted keys), e.g. {"outcome": "success", "task": "…"}.
    labels: Mapped[str] = mapped_column(String(400), primary_key=True)
    # The histogram bucket's upper bound as Prometheus writes it ("0.5", "+Inf"), NO_BUCKET for a counter.
    bucket: Mapped[str] = mapped_column(String(16), primary_key=True, default=NO_BUCKET)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[float] = mapped_column(Float, default=0.0)
