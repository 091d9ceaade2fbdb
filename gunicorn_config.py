"""gunicorn settings for `make run` (the production command in docs/deployment.md matches).

Threaded workers (gthread): a thread waiting for a slow client's headers costs a thread, not
a whole worker, so four sockets dribbling one header line every two seconds no longer stop
the service (with sync workers they held both workers for a minute). The work itself is
CPU-bound Python, so two workers stay right for two cores; the search index and the
proposal facts each worker keeps are guarded by locks for its threads.
"""

workers = 2
worker_class = "gthread"
threads = 8
timeout = 120
graceful_timeout = 30
# Recycle each worker after about a thousand requests: WeasyPrint's native memory (about
# 0.2 MB per PDF) is returned only when the process ends. Jitter keeps the two workers
# from restarting at the same moment.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
