"""prospect figures: the prospects table's sort columns stored on each prospect, back-filled

- prospect.changes_since_brief: notes and facts that appeared, changed or vanished after the
  last brief given (the "changes" column of `prospect list` and the workspace's table).
- prospect.last_brief_at: when the newest brief given was made.
- prospect.last_gathered_at: the newest fetch of any of its sources.
Each with an index. prospect.store.tally keeps them current from now on; here they are
worked out once for the rows already there, by the same rules.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COLUMNS = ("changes_since_brief", "last_brief_at", "last_gathered_at")

_BACKFILL_TIMES = """
UPDATE prospect SET
  last_brief_at = (SELECT max(b.created_at) FROM brief b
                   WHERE b.prospect_id = prospect.id AND b.given),
  last_gathered_at = (SELECT max(s.last_fetched_at) FROM source s
                      WHERE s.prospect_id = prospect.id)
"""

# after(x): x is later than the last brief, or there was none (prospect.last_brief_at, set
# by the statement above); a vanished fact replaced by a newer value of its field is one
# change, counted once
_AFTER = "(prospect.last_brief_at IS NULL OR {0} > prospect.last_brief_at)"
_BACKFILL_CHANGES = f"""
UPDATE prospect SET changes_since_brief =
  (SELECT count(*) FROM note n WHERE n.prospect_id = prospect.id
     AND ({_AFTER.format('n.first_seen_at')}
          OR (n.gone_at IS NOT NULL AND {_AFTER.format('n.gone_at')})))
  + (SELECT count(*) FROM fact f WHERE f.prospect_id = prospect.id
       AND {_AFTER.format('f.seen_at')})
  + (SELECT count(*) FROM fact f WHERE f.prospect_id = prospect.id
       AND f.gone_at IS NOT NULL AND {_AFTER.format('f.gone_at')}
       AND NOT EXISTS (SELECT 1 FROM fact g WHERE g.prospect_id = prospect.id
                         AND g.field = f.field AND g.id != f.id
                         AND {_AFTER.format('g.seen_at')}))
"""


def upgrade() -> None:
    # plain ADD COLUMN on both backends (no table rebuild, so SQLite's search triggers stay)
    op.add_column("prospect", sa.Column("changes_since_brief", sa.Integer(), nullable=False,
                                        server_default="0"))
    op.add_column("prospect", sa.Column("last_brief_at", sa.DateTime(timezone=True),
                                        nullable=True))
    op.add_column("prospect", sa.Column("last_gathered_at", sa.DateTime(timezone=True),
                                        nullable=True))
    op.execute(_BACKFILL_TIMES)
    op.execute(_BACKFILL_CHANGES)
    for column in _COLUMNS:
        op.create_index(f"ix_prospect_{column}", "prospect", [column])


def downgrade() -> None:
    for column in reversed(_COLUMNS):
        op.drop_index(f"ix_prospect_{column}", table_name="prospect")
        op.drop_column("prospect", column)
