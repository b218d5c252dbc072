"""`goodwill`: the operator's command, so nobody needs to know manage.py.

goodwill setup            migrate, and load demo data once (--no-demo to skip)
goodwill serve            web server and one task worker (Ctrl-C stops both)
goodwill worker           a task worker (run several, on several machines)
goodwill seed ...         generate demo data (see --help)
goodwill manage ...       any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

DEMO_LOGINS = (("admin", "admin"), ("lead", "supervisor"), ("agent", "agent"))
DEMO_PASSWORD = "goodwill-demo"  # noqa: S105 - the published demo login


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import django

    django.setup()


def _manage(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["goodwill", *args])


def setup(demo: bool) -> None:
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("Database ready.")
    if demo:
        call_command("seed", tickets=300, customers=120, if_empty=True)


def serve(host: str, port: int, workers: int, with_worker: bool) -> int:
    _django()
    from django.conf import settings

    python = sys.executable
    # Fixed argument lists, no shell: nothing here comes from outside.
    web = subprocess.Popen(  # noqa: S603
        [
            python,
            "-m",
            "gunicorn",
            "goodwill.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
    )
    procs = [web]
    if with_worker:
        procs.append(subprocess.Popen([python, "-m", "goodwill.cli", "worker"]))  # noqa: S603
    url = f"http://{host}:{port}/"
    lines = [
        "",
        f"  Goodwill is running at {url}",
        f"  Agents sign in at {url}accounts/login/ ; customers use {url}portal/",
        f"  Demo logins (password {DEMO_PASSWORD}): "
        + ", ".join(f"{u} ({r})" for u, r in DEMO_LOGINS),
        f"  Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
        f" {settings.DATABASES['default']['NAME']}",
        "  Press Ctrl-C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)

    def stop(*_: object) -> None:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop()
    for proc in procs:
        proc.wait(timeout=15)
    return web.returncode or 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="goodwill", description="Run the Goodwill service desk.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_setup = sub.add_parser("setup", help="migrate and load demo data once")
    p_setup.add_argument("--no-demo", action="store_true", help="skip the demo data")
    p_serve = sub.add_parser("serve", help="start the web server and a task worker")
    p_serve.add_argument("--host", default=os.environ.get("GOODWILL_HOST", "127.0.0.1"))
    p_serve.add_argument("--port", type=int, default=int(os.environ.get("GOODWILL_PORT", "8000")))
    p_serve.add_argument("--workers", type=int, default=2, help="web worker processes")
    p_serve.add_argument("--no-worker", action="store_true", help="do not start a task worker")
    sub.add_parser("worker", help="run a background task worker", add_help=False)
    sub.add_parser("seed", help="generate demo data", add_help=False)
    sub.add_parser("mail-in", help="receive one email on stdin (--mailbox NAME)", add_help=False)
    sub.add_parser("manage", help="run a Django management command", add_help=False)
    args, rest = parser.parse_known_args(argv)
    if args.command == "setup":
        setup(demo=not args.no_demo)
        return 0
    if args.command == "serve":
        return serve(args.host, args.port, args.workers, not args.no_worker)
    if args.command == "worker":
        _manage(["worker", *rest])
        return 0
    if args.command == "mail-in":
        _manage(["mail_in", *rest])
        return 0
    if args.command == "seed":
        _manage(["seed", *rest])
        return 0
    _manage(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
