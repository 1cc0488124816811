"""The check every pooled PostgreSQL connection passes as it leaves the pool (settings).

psycopg_pool's own check (an empty query) finds one dead connection at a time and, after
each, waits a growing while (1 s, 2 s …) before trying the next: after a database restart,
with every idle connection dead, a request with a short pool timeout would fail on the
second. So the first dead connection found sends the whole pool through the check at
once (``ConnectionPool.check``: the dead ones are replaced), and the request waiting then
gets a fresh connection.
"""

from psycopg_pool import ConnectionPool


def check_connection(conn) -> None:
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        pool = getattr(conn, "_pool", None)
        if pool is not None:
            pool.check()
        raise
