"""workspace and meetings: pinned notes, briefs given or previewed, CRM fields, meetings

- note.pinned: a pinned note always reaches the brief.
- brief.given / brief.sent_at: only a brief written to a file, exported or marked as sent
  counts as given (a screen preview does not reset "new since the last brief").
- prospect.phone / owner / stage: the CRM columns people expect to import and export.
- meeting, meeting_attendee: meetings read from a calendar, their attendees linked to
  prospects; (uid, recurrence_id) is unique so reading a calendar twice updates.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on both backends (no table rebuild, so SQLite's search triggers stay)
    op.add_column("note", sa.Column("pinned", sa.Boolean(), nullable=False,
                                    server_default=sa.false()))
    op.add_column("brief", sa.Column("given", sa.Boolean(), nullable=False,
                                     server_default=sa.true()))
    op.add_column("brief", sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
    for name in ("phone", "owner", "stage"):
        op.add_column("prospect", sa.Column(name, sa.String(), nullable=True))

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("recurrence_id", sa.String(), nullable=False, server_default=""),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sa.String(), nullable=False, server_default=""),
        sa.Column("organiser", sa.String(), nullable=True),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid", "recurrence_id"),
    )
    op.create_index("ix_meeting_start", "meeting", ["start"])
    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(), nullable=False, server_default=""),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("role", sa.String(), nullable=False, server_default="external"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["prospect_id"], ["prospect.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "email", "name"),
    )
    op.create_index("ix_meeting_attendee_meeting_id", "meeting_attendee", ["meeting_id"])
    op.create_index("ix_meeting_attendee_prospect_id", "meeting_attendee", ["prospect_id"])


def downgrade() -> None:
    op.drop_table("meeting_attendee")
    op.drop_table("meeting")
    # plain DROP COLUMN (SQLite 3.35+): a batch rebuild would lose the search triggers
    for table, name in (("prospect", "stage"), ("prospect", "owner"), ("prospect", "phone"),
                        ("brief", "sent_at"), ("brief", "given"), ("note", "pinned")):
        op.drop_column(table, name)
