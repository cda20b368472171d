"""`bench soak` judges its run by the server's log and processes: those judgements must be right."""

import json
import os
import subprocess
import sys

from demo import soak_benchmark


def _log(tmp_path, *lines):
    path = tmp_path / "gunicorn.log"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _request_line():
    return json.dumps({"level": "INFO", "logger": "inclusion.requests", "message": "GET / 200 1.0 ms"})


def test_a_log_of_json_request_lines_passes(tmp_path):
    lines, problems = soak_benchmark._check_logs(_log(tmp_path, _request_line(), _request_line()), requests=2)
    assert (lines, problems) == (2, [])


def test_a_raw_traceback_a_worker_timeout_or_a_missing_request_line_fails(tmp_path):
    path = _log(
        tmp_path,
        _request_line(),
        "Traceback (most recent call last):",
        "[2026-12-01 17:30:00 +0000] [12] [CRITICAL] WORKER TIMEOUT (pid:13)",
        json.dumps(
            {"level": "ERROR", "logger": "django.request", "message": "Internal Server Error: /lieux/"}
        ),
    )

    _lines, problems = soak_benchmark._check_logs(path, requests=2)

    assert len(problems) == 4
    assert "not JSON" in problems[0] and "WORKER TIMEOUT" in problems[1] and "/lieux/" in problems[2]
    assert "1 request lines logged for 2 requests" in problems[3]


def test_workers_are_the_children_of_the_master_with_their_memory():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in soak_benchmark.worker_pids(os.getpid())
        assert soak_benchmark.rss_mb(child.pid) > 1
    finally:
        child.kill()
        child.wait()
