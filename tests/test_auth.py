"""Logins (issue #10, item 7): salted scrypt hashes written by `kb passwd`, a private accounts file, plain
passwords refused, failed logins limited per client."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.loopback import free_port
from kb.auth import Accounts, LoginThrottle, hash_password, verify_password
from kb.cli import cli
from kb.errors import ConfigError


def test_hashes_are_salted_and_verified() -> None:
    first, second = hash_password("pw-123"), hash_password("pw-123")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password("pw-123", first) and verify_password("pw-123", second)
    assert not verify_password("pw-124", first)
    assert not verify_password("pw-123", "scrypt$garbage")


def test_kb_passwd_writes_a_private_file_of_hashes(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.txt"
    result = CliRunner().invoke(cli, ["passwd", "clerk", "--auth", str(accounts)], input="pw-123\npw-123\n")
    assert result.exit_code == 0, result.output
    assert f"added clerk in {accounts}" in result.output
    changed = CliRunner().invoke(
        cli, ["passwd", "clerk", "--auth", str(accounts), "--password-stdin"], input="pw-456\n"
    )
    assert f"changed the password of clerk in {accounts}" in changed.output
    assert accounts.stat().st_mode & 0o777 == 0o600
    text = accounts.read_text(encoding="utf-8")
    assert "pw-" not in text and text.count("clerk:") == 1
    assert Accounts.read(accounts)("clerk", "pw-456")


def test_a_plain_password_is_refused_with_what_to_do(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.txt"
    accounts.write_text("clerk:pw-123\n", encoding="utf-8")
    accounts.chmod(0o600)
    with pytest.raises(ConfigError) as refused:
        Accounts.read(accounts)
    assert str(refused.value) == (
        f"{accounts}: line 1 holds a plain password for 'clerk': store a hash instead with "
        f"`kb passwd clerk --auth {accounts}`"
    )


def test_a_file_others_can_read_is_refused(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.txt"
    CliRunner().invoke(cli, ["passwd", "clerk", "--auth", str(accounts), "--password-stdin"], input="pw\n")
    accounts.chmod(0o644)
    with pytest.raises(ConfigError, match=r"can be read by other users \(mode 644\): run `chmod 600 "):
        Accounts.read(accounts)
    result = CliRunner().invoke(cli, ["serve", "--auth", str(accounts), "--index", str(tmp_path / "i")])
    assert result.exit_code == 1 and "Error: " in result.output and "chmod 600" in result.output


def test_the_throttle_counts_failures_per_client() -> None:
    throttle = LoginThrottle(limit=3, window=60)
    for _ in range(3):
        assert throttle.wait_for("10.0.0.1") == 0
        throttle.failed("10.0.0.1")
    assert 0 < throttle.wait_for("10.0.0.1") <= 60
    assert throttle.wait_for("10.0.0.2") == 0  # another client is not held back
    throttle.succeeded("10.0.0.1")
    assert throttle.wait_for("10.0.0.1") == 0


def login(url: str, user: str, password: str) -> int:
    form = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{url}login", data=form), timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as refused:
        if refused.code == 429:
            assert json.loads(refused.read())["detail"].startswith("登录失败次数过多，请 ")
        return int(refused.code)


def test_the_app_limits_failed_logins(tmp_path: Path) -> None:
    """The page's /login after 3 failures answers 429, even to the right password, for that client."""
    import gradio as gr

    from app.main import launch, read_auth_file
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    accounts = tmp_path / "accounts.txt"
    CliRunner().invoke(
        cli, ["passwd", "clerk", "--auth", str(accounts), "--password-stdin"], input="pw-123\n"
    )
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    port = free_port()
    demo = launch(kb, port=port, auth=read_auth_file(accounts), block=False, throttle=LoginThrottle(limit=3))
    assert isinstance(demo, gr.Blocks)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert login(url, "clerk", "pw-123") == 200
        assert [login(url, "clerk", "wrong") for _ in range(3)] == [400, 400, 400]
        assert login(url, "clerk", "pw-123") == 429
    finally:
        demo.close()


def login_from(
    port: int, user: str, password: str, source: str = "127.0.0.1", forwarded: str | None = None
) -> int:
    """POST /login as the page does, from a local source address, optionally naming a client in
    X-Forwarded-For."""
    import http.client

    form = urllib.parse.urlencode({"username": user, "password": password})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request("POST", "/login", body=form, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., int]]:
    """Start the app with one account (clerk / pw-123); yields the port. Closed after the test."""
    from app.main import launch, read_auth_file
    from kb.api import KnowledgeBase
    from kb.settings import load_settings

    accounts = tmp_path / "accounts.txt"
    CliRunner().invoke(
        cli, ["passwd", "clerk", "--auth", str(accounts), "--password-stdin"], input="pw-123\n"
    )
    demos = []

    def start(limit: int = 5, **settings: Any) -> int:
        kb = KnowledgeBase(load_settings(index=tmp_path / "index", **settings))
        port = free_port()
        demos.append(
            launch(kb, port=port, auth=read_auth_file(accounts), block=False, throttle=LoginThrottle(limit))
        )
        return port

    yield start
    for demo in demos:
        demo.close()


def test_forwarded_for_headers_from_a_client_are_not_trusted(serve: Callable[..., int]) -> None:
    """Issue 22 row 15: eight wrong passwords, each naming another client in X-Forwarded-For, reach 429 — a
    local client is not a proxy unless KB_TRUSTED_PROXIES says so."""
    port = serve()
    codes = [login_from(port, "clerk", "wrong", forwarded=f"203.0.113.{n}") for n in range(1, 9)]
    assert codes == [400] * 5 + [429] * 3


def test_guesses_at_one_account_from_many_addresses_reach_429(serve: Callable[..., int]) -> None:
    port = serve(limit=3)
    codes = [login_from(port, "clerk", "wrong", source=f"127.0.0.{n}") for n in (2, 3, 4)]
    assert codes == [400, 400, 400]
    assert login_from(port, "clerk", "pw-123", source="127.0.0.5") == 429  # the account waits, wherever from
    assert login_from(port, "someone", "wrong", source="127.0.0.6") == 400  # another account does not


def test_a_configured_proxy_names_the_client(serve: Callable[..., int]) -> None:
    port = serve(limit=3, trusted_proxies="127.0.0.1")
    codes = [login_from(port, f"guess{n}", "wrong", forwarded="198.51.100.7") for n in range(4)]
    assert codes == [400, 400, 400, 429]  # the client behind the proxy is held back …
    assert login_from(port, "clerk", "pw-123", forwarded="198.51.100.8") == 200  # … not everyone behind it


def test_a_proxy_setting_that_is_no_address_is_refused() -> None:
    from kb.auth import trusted_proxies

    assert trusted_proxies(" 10.0.0.1, 192.168.0.0/16 ") == ["10.0.0.1", "192.168.0.0/16"]
    assert trusted_proxies("") == []
    with pytest.raises(ConfigError, match="KB_TRUSTED_PROXIES: '\\*' is not an IP address or network"):
        trusted_proxies("*")
