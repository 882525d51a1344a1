//! Bringing a store written by an earlier version up to today's schema before
//! `schema.sql` runs, so nothing already saved is lost.
//!
//! - Locks once kept the simulator's state in a `sim` column; now the hub keeps
//!   which driver reaches each lock, and the simulator keeps its own devices
//!   (made from the hub's rows at start, see `drivers::sim::provision`).
//! - Code rows once had no `held`, `slot`, `attempts`, `generation`, `edge_at`
//!   or `overdue_since`.

use rusqlite::Connection;

/// Runs every step a store needs; a new or current store needs none.
pub fn upgrade(conn: &Connection) -> rusqlite::Result<()> {
    if has_column(conn, "locks", "sim")? {
        conn.execute_batch(
            "ALTER TABLE locks ADD COLUMN driver TEXT NOT NULL DEFAULT 'sim';
             ALTER TABLE locks ADD COLUMN device_ref TEXT NOT NULL DEFAULT '';
             ALTER TABLE locks ADD COLUMN in_range INTEGER NOT NULL DEFAULT 1;
             ALTER TABLE locks ADD COLUMN command_due INTEGER;
             ALTER TABLE locks ADD COLUMN command_by TEXT;
             UPDATE locks SET device_ref = id,
               in_range = CASE WHEN json_extract(data, '$.capabilities.radio') = 'bluetooth'
                 THEN coalesce(json_extract(sim, '$.phone_in_range'), 0) ELSE 1 END,
               command_due = json_extract(sim, '$.command_due_ms'),
               command_by = json_extract(sim, '$.command_by');
             ALTER TABLE locks DROP COLUMN sim;",
        )?;
    }
    if conn.table_exists(None, "code_locks")? && !has_column(conn, "code_locks", "held")? {
        conn.execute_batch(
            "ALTER TABLE code_locks ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE code_locks ADD COLUMN slot INTEGER;
             ALTER TABLE code_locks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE code_locks ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
             UPDATE code_locks SET held = status IN ('set', 'removing');
             DELETE FROM code_locks WHERE status = 'removed';
             DROP INDEX IF EXISTS code_locks_due;",
        )?;
    }
    if conn.table_exists(None, "code_locks")? && !has_column(conn, "code_locks", "edge_at")? {
        conn.execute_batch(
            "ALTER TABLE code_locks ADD COLUMN edge_at TEXT;
             ALTER TABLE code_locks ADD COLUMN overdue_since TEXT;",
        )?;
    }
    Ok(())
}

fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    if !conn.table_exists(None, table)? {
        return Ok(false);
    }
    conn.column_exists(None, table, column)
}
