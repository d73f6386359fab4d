"""The first PostGIS store schema: the GeoPackage store's tables, indexes and a change counter.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import TIMESTAMP

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = TIMESTAMP(timezone=True)


def _fid() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("fid", sa.BigInteger(), sa.Identity(always=False), primary_key=True)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "reports",
        _fid(),
        sa.Column("report_id", sa.Text(), nullable=False, unique=True),
        sa.Column("title", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("sha1", sa.Text(), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("ingested_at", TZ),
        sa.Column("n_mentions", sa.BigInteger()),
        sa.Column("n_events", sa.BigInteger()),
    )
    op.create_table(
        "events",
        _fid(),
        sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=False)),
        sa.Column("event_id", sa.Text(), nullable=False, unique=True),
        sa.Column("report_id", sa.Text()),
        sa.Column("event_date", sa.Date()),
        sa.Column("time_precision", sa.BigInteger()),
        sa.Column("event_type", sa.Text()),
        sa.Column("sub_event_type", sa.Text()),
        sa.Column("actor1", sa.Text()),
        sa.Column("actor2", sa.Text()),
        sa.Column("location", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("country", sa.Text()),
        sa.Column("country_code", sa.Text()),
        sa.Column("latitude", sa.Float(53)),
        sa.Column("longitude", sa.Float(53)),
        sa.Column("geo_precision", sa.BigInteger()),
        sa.Column("fatalities", sa.BigInteger()),
        sa.Column("injuries", sa.BigInteger()),
        sa.Column("severity", sa.BigInteger()),
        sa.Column("notes", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("confidence", sa.Float(53)),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("mention_start", sa.BigInteger()),
        sa.Column("mention_end", sa.BigInteger()),
        sa.Column("sentence_start", sa.BigInteger()),
        sa.Column("sentence_end", sa.BigInteger()),
        sa.Column("assoc_actor_1", sa.Text()),
        sa.Column("assoc_actor_2", sa.Text()),
        sa.Column("inter1", sa.BigInteger()),
        sa.Column("inter2", sa.BigInteger()),
        sa.Column("arrests", sa.BigInteger()),
        sa.Column("tags", sa.Text()),
        sa.Column("source_url", sa.Text()),
        sa.Column("status", sa.Text()),
        sa.Column("sources_count", sa.BigInteger()),
        sa.Column("fatalities_low", sa.BigInteger()),
        sa.Column("fatalities_high", sa.BigInteger()),
        sa.Column("reports_count", sa.BigInteger()),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("updated_at", TZ),
    )
    op.create_table(
        "event_sources",
        _fid(),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("src_event_id", sa.Text(), nullable=False),
        sa.Column("report_id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("added_at", TZ),
        sa.Column("event_date", sa.Date()),
        sa.Column("time_precision", sa.BigInteger()),
        sa.Column("event_type", sa.Text()),
        sa.Column("sub_event_type", sa.Text()),
        sa.Column("actor1", sa.Text()),
        sa.Column("actor2", sa.Text()),
        sa.Column("location", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("country", sa.Text()),
        sa.Column("country_code", sa.Text()),
        sa.Column("latitude", sa.Float(53)),
        sa.Column("longitude", sa.Float(53)),
        sa.Column("geo_precision", sa.BigInteger()),
        sa.Column("fatalities", sa.BigInteger()),
        sa.Column("injuries", sa.BigInteger()),
        sa.Column("severity", sa.BigInteger()),
        sa.Column("notes", sa.Text()),
        sa.Column("confidence", sa.Float(53)),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("mention_start", sa.BigInteger()),
        sa.Column("mention_end", sa.BigInteger()),
        sa.Column("sentence_start", sa.BigInteger()),
        sa.Column("sentence_end", sa.BigInteger()),
        sa.Column("assoc_actor_1", sa.Text()),
        sa.Column("assoc_actor_2", sa.Text()),
        sa.Column("inter1", sa.BigInteger()),
        sa.Column("inter2", sa.BigInteger()),
        sa.Column("arrests", sa.BigInteger()),
        sa.Column("tags", sa.Text()),
        sa.Column("status", sa.Text()),
    )
    op.create_table(
        "mentions",
        _fid(),
        sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=False)),
        sa.Column("report_id", sa.Text(), nullable=False),
        sa.Column("mention", sa.Text()),
        sa.Column("start", sa.BigInteger()),
        sa.Column("end", sa.BigInteger()),
        sa.Column("name", sa.Text()),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("lat", sa.Float(53)),
        sa.Column("lon", sa.Float(53)),
        sa.Column("country_code", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("admin1_code", sa.Text()),
        sa.Column("kind", sa.Text()),
        sa.Column("role", sa.Text()),
        sa.Column("confidence", sa.Float(53)),
        sa.Column("alternatives", sa.Text()),
        sa.Column("feature_code", sa.Text()),
        sa.Column("population", sa.BigInteger()),
        sa.Column("method", sa.Text()),
    )
    op.create_table(
        "corrections",
        _fid(),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("before", sa.Text()),
        sa.Column("after", sa.Text()),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("note", sa.Text()),
    )
    op.create_table(
        "event_overrides",
        sa.Column("event_id", sa.Text(), primary_key=True),
        sa.Column("field", sa.Text(), primary_key=True),
        sa.Column("value", sa.Text()),
        sa.Column("who", sa.Text()),
        sa.Column("at", TZ),
    )
    op.create_table(
        "event_search",
        sa.Column("event_id", sa.Text(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("value", sa.Text()),
    )
    op.create_table(
        "store_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("counter", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", TZ),
    )
    ix = op.create_index
    ix("events_date", "events", ["event_date", "fid"])
    ix("events_geom", "events", ["geom"], postgresql_using="gist")
    ix("events_match", "events", ["event_type", "date_start", "date_end"])
    ix("events_types", "events", ["event_type", "sub_event_type"])
    ix("events_sub_type", "events", ["sub_event_type"])
    ix("events_status", "events", ["status"])
    ix("events_country", "events", ["country_code", "admin1"])
    ix("events_country_name", "events", [sa.text("lower(country)")])
    ix("events_admin1", "events", [sa.text("lower(admin1)")])
    ix("events_severity", "events", ["severity"])
    ix("events_lat_lon", "events", ["latitude", "longitude"])
    ix("events_geonameid", "events", ["geonameid", "event_type", "date_start"])
    ix("events_actor1", "events", ["actor1"])
    ix("events_actor2", "events", ["actor2"])
    ix("mentions_report", "mentions", ["report_id"])
    ix("mentions_geom", "mentions", ["geom"], postgresql_using="gist")
    ix("event_sources_event", "event_sources", ["event_id"])
    ix("event_sources_report", "event_sources", ["report_id"])
    ix("event_sources_src", "event_sources", ["src_event_id"])
    ix("corrections_event", "corrections", ["event_id"])
    ix("event_search_text", "event_search", ["text"], postgresql_using="gin",
       postgresql_ops={"text": "gin_trgm_ops"})  # fmt: skip
    op.execute("INSERT INTO store_changes (id, counter, changed_at) VALUES (1, 0, now())")


def downgrade() -> None:
    for table in ("store_changes", "store_meta", "event_search", "event_overrides", "corrections",
                  "mentions", "event_sources", "events", "reports"):  # fmt: skip
        op.drop_table(table)
