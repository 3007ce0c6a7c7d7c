"""The official e2b Python SDK, unchanged, against this platform's E2B-compatible API.

Needs E2B_API_URL and E2B_SANDBOX_URL (both the gateway) and E2B_API_KEY (a key of the gateway).
Run with the virtual environment that bin/sandbox test makes: e2b-tests/python/.venv/bin/python scenario.py
(the Java test E2bSdkIT starts dev mode and runs it). Exits non-zero when a check fails.
"""

import os
import sys
import time
import traceback

from e2b import (
    AuthenticationException,
    CommandExitException,
    FileNotFoundException,
    FilesystemEventType,
    NotFoundException,
    Sandbox,
    SandboxQuery,
    SandboxState,
    TimeoutException,
)

RUN = os.environ.get("E2B_TEST_RUN", f"py-{int(time.time())}")


def eventually(check, seconds=30.0, what="condition"):
    until = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > until:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def commands(sandbox):
    result = sandbox.commands.run('echo hello; echo warning >&2; whoami; pwd; echo "$GREETING"')
    assert result.exit_code == 0
    assert result.stdout == "hello\nuser\n/home/user\nhello from envs\n", result.stdout
    assert result.stderr == "warning\n", result.stderr
    assert sandbox.commands.run('echo "$EXTRA"', envs={"EXTRA": "per command"}, cwd="/tmp").stdout == "per command\n"


def streaming(sandbox):
    chunks, errors = [], []
    result = sandbox.commands.run(
        "for i in 1 2 3; do echo line$i; sleep 0.3; done; echo done >&2",
        on_stdout=lambda data: chunks.append((data, time.monotonic())),
        on_stderr=errors.append,
    )
    assert "".join(c for c, _ in chunks) == "line1\nline2\nline3\n", chunks
    assert len(chunks) >= 2 and chunks[-1][1] - chunks[0][1] >= 0.3, "output arrives in pieces over time"
    assert "".join(errors) == "done\n"
    assert result.stdout == "line1\nline2\nline3\n"


def non_zero_exit(sandbox):
    try:
        sandbox.commands.run("echo partial; echo broken >&2; exit 3")
        raise AssertionError("expected CommandExitException")
    except CommandExitException as error:
        assert error.exit_code == 3
        assert error.stdout == "partial\n"
        assert error.stderr == "broken\n"


def background_and_kill(sandbox):
    handle = sandbox.commands.run("sleep 600", background=True)
    listed = [p for p in sandbox.commands.list() if p.pid == handle.pid]
    assert listed and listed[0].args == ["-l", "-c", "sleep 600"], listed
    assert handle.kill() is True
    try:
        handle.wait()
        raise AssertionError("a killed command does not exit normally")
    except CommandExitException:
        pass
    eventually(lambda: all(p.pid != handle.pid for p in sandbox.commands.list()), 10, "the killed command to go")
    assert sandbox.commands.kill(handle.pid) is False


def stdin(sandbox):
    handle = sandbox.commands.run('cat; echo "[eof]"', background=True, stdin=True)
    handle.send_stdin("first line\n")
    sandbox.commands.send_stdin(handle.pid, "second line\n")
    handle.close_stdin()
    assert handle.wait().stdout == "first line\nsecond line\n[eof]\n"


def command_timeout(sandbox):
    try:
        sandbox.commands.run("sleep 30", timeout=1.5)
        raise AssertionError("expected TimeoutException")
    except TimeoutException:
        pass


def files(sandbox):
    info = sandbox.files.write("notes/hello.txt", "hello world")
    assert info.path == "/home/user/notes/hello.txt", info.path
    assert sandbox.files.read("/home/user/notes/hello.txt") == "hello world"
    assert sandbox.commands.run("cat notes/hello.txt").stdout == "hello world"
    data = bytes([0, 1, 2, 250, 255])
    sandbox.files.write("/home/user/data.bin", data)
    assert bytes(sandbox.files.read("/home/user/data.bin", format="bytes")) == data
    assert sandbox.files.make_dir("/home/user/tree/inner") is True
    assert sandbox.files.make_dir("/home/user/tree/inner") is False
    sandbox.files.write("/home/user/tree/inner/deep.txt", "deep")
    assert [(e.name, e.type.value) for e in sandbox.files.list("/home/user/tree")] == [("inner", "dir")]
    deep = sorted(e.path for e in sandbox.files.list("/home/user/tree", depth=2))
    assert deep == ["/home/user/tree/inner", "/home/user/tree/inner/deep.txt"], deep
    assert sandbox.files.get_info("/home/user/tree/inner/deep.txt").size == 4
    sandbox.files.rename("/home/user/notes/hello.txt", "/home/user/tree/renamed.txt")
    assert sandbox.files.exists("/home/user/notes/hello.txt") is False
    assert sandbox.files.read("/home/user/tree/renamed.txt") == "hello world"
    sandbox.files.remove("/home/user/tree")
    assert sandbox.files.exists("/home/user/tree") is False
    try:
        sandbox.files.read("/home/user/no-such-file.txt")
        raise AssertionError("expected FileNotFoundException")
    except FileNotFoundException:
        pass


def watch(sandbox):
    sandbox.files.make_dir("/home/user/watched")
    handle = sandbox.files.watch_dir("/home/user/watched")
    seen = []
    try:
        sandbox.files.write("/home/user/watched/new.txt", "one")

        def created():
            seen.extend(handle.get_new_events())
            return any(e.name == "new.txt" and e.type == FilesystemEventType.CREATE for e in seen)

        eventually(created, 15, "a create event")
        sandbox.files.remove("/home/user/watched/new.txt")

        def removed():
            seen.extend(handle.get_new_events())
            return any(e.name == "new.txt" and e.type == FilesystemEventType.REMOVE for e in seen)

        eventually(removed, 15, "a remove event")
    finally:
        handle.stop()


def timeouts(sandbox):
    sandbox.set_timeout(60)
    left = sandbox.get_info().end_at.timestamp() - time.time()
    assert 45 < left <= 62, left
    sandbox.set_timeout(600)
    assert sandbox.get_info().end_at.timestamp() - time.time() > 500
    short = Sandbox.create("base", timeout=5, metadata={"suite": "e2b-py", "run": RUN + "-short"})
    try:
        assert short.commands.run("echo alive").stdout == "alive\n"
        eventually(lambda: not short.is_running(), 60, "the sandbox to be killed at its timeout")
    finally:
        short.kill()


def listing(sandbox, other):
    mine = Sandbox.list(query=SandboxQuery(metadata={"run": RUN})).next_items()
    assert [s.sandbox_id for s in mine] == [sandbox.sandbox_id], mine
    assert mine[0].metadata == {"suite": "e2b-py", "run": RUN}
    both = Sandbox.list(query=SandboxQuery(metadata={"suite": "e2b-py"})).next_items()
    assert {sandbox.sandbox_id, other.sandbox_id} <= {s.sandbox_id for s in both}


def pause_and_connect(sandbox):
    sandbox.files.write("/home/user/kept.txt", "survives a pause")
    sandbox.pause()
    assert sandbox.get_info().state == SandboxState.PAUSED
    assert sandbox.is_running() is False
    paused = Sandbox.list(query=SandboxQuery(metadata={"run": RUN}, state=[SandboxState.PAUSED])).next_items()
    assert [s.sandbox_id for s in paused] == [sandbox.sandbox_id]
    resumed = Sandbox.connect(sandbox.sandbox_id, timeout=300)
    assert resumed.is_running() is True
    assert resumed.files.read("/home/user/kept.txt") == "survives a pause"
    assert resumed.commands.run("cat kept.txt").stdout == "survives a pause"


def errors(sandbox):
    try:
        Sandbox.create("base", api_key="sk_wrong_key")
        raise AssertionError("expected AuthenticationException")
    except AuthenticationException:
        pass
    try:
        Sandbox.connect("sbx-doesnotexist")
        raise AssertionError("expected NotFoundException")
    except NotFoundException:
        pass


def kill(sandbox):
    assert sandbox.kill() is True
    assert Sandbox.kill(sandbox.sandbox_id) is False
    try:
        Sandbox.get_info(sandbox.sandbox_id)
        raise AssertionError("expected NotFoundException")
    except NotFoundException:
        pass


def main():
    sandbox = Sandbox.create("base", timeout=300, metadata={"suite": "e2b-py", "run": RUN}, envs={"GREETING": "hello from envs"})
    # Without a timeout E2B (and this server) give a sandbox 15 s; this one must outlive the steps before the listing.
    other = Sandbox.create("base", timeout=300, metadata={"suite": "e2b-py", "run": RUN + "-other"})
    passed, failed = 0, 0
    try:
        steps = [
            ("commands", lambda: commands(sandbox)),
            ("streaming", lambda: streaming(sandbox)),
            ("non-zero exit", lambda: non_zero_exit(sandbox)),
            ("background and kill", lambda: background_and_kill(sandbox)),
            ("stdin", lambda: stdin(sandbox)),
            ("command timeout", lambda: command_timeout(sandbox)),
            ("files", lambda: files(sandbox)),
            ("watch", lambda: watch(sandbox)),
            ("timeouts", lambda: timeouts(sandbox)),
            ("listing", lambda: listing(sandbox, other)),
            ("pause and connect", lambda: pause_and_connect(sandbox)),
            ("errors", lambda: errors(sandbox)),
            ("kill", lambda: kill(sandbox)),
        ]
        for name, step in steps:
            started = time.monotonic()
            try:
                step()
                passed += 1
                print(f"ok - {name} ({time.monotonic() - started:.1f} s)", flush=True)
            except Exception:
                failed += 1
                print(f"not ok - {name}", flush=True)
                traceback.print_exc()
    finally:
        for s in (sandbox, other):
            try:
                s.kill()
            except Exception:
                pass
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
