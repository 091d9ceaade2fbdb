"""A PostgreSQL ping bounded in time: psycopg itself waits for ever for an answer."""

from __future__ import annotations

import select
import time

import psycopg
from psycopg import pq


def ping_within(pgconn: pq.abc.PGconn, seconds: float) -> bool:
    """Whether the server answers `SELECT 1` on this idle connection within `seconds`.

    On False the connection is mid-query and must be discarded.
    """
    if pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return pgconn.status == pq.ConnStatus.OK
    try:
        return _answered(pgconn, time.monotonic() + seconds)
    except psycopg.Error:  # the connection broke: as good as no answer
        return False


def _answered(pgconn: pq.abc.PGconn, deadline: float) -> bool:
    pgconn.nonblocking = 1
    pgconn.send_query(b"SELECT 1")
    while pgconn.flush() != 0:
        if not _wait(pgconn.socket, deadline, write=True):
            return False
    while True:
        pgconn.consume_input()
        if not pgconn.is_busy():
            break
        if not _wait(pgconn.socket, deadline):
            return False
    answered = True
    while (result := pgconn.get_result()) is not None:
        answered = answered and result.status == pq.ExecStatus.TUPLES_OK
    return answered


def _wait(fileno: int, deadline: float, write: bool = False) -> bool:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return False
    readers, writers = ([], [fileno]) if write else ([fileno], [])
    ready = select.select(readers, writers, [], remaining)
    return bool(ready[0] or ready[1])
