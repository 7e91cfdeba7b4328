"""Optional login (ASSISTANT_USERS_FILE): scrypt-hashed users file, roles, and what each role may do."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import requests

from assistant.access import Users, add_user, hash_password, verify_password
from assistant.errors import ConfigError
from test_api import build_app, running

ADMIN, READER = ("ada", "admin-secret-1"), ("rex", "reader-secret-2")


def test_passwords_are_salted_scrypt_hashes():
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first["scheme"] == "scrypt" and first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert verify_password("correct horse", first) and not verify_password("wrong horse", first)
    assert not verify_password("correct horse", {"scheme": "md5", "hash": "x"}), "an unknown scheme must fail"


def test_users_file_holds_roles_and_no_plain_passwords(tmp_path):
    path = tmp_path / "users.json"
    add_user(path, *ADMIN, admin=True)
    add_user(path, *READER)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "the users file must be readable by its owner only"
    assert ADMIN[1] not in path.read_text() and READER[1] not in path.read_text()
    users = Users(path)
    assert users.check(*ADMIN) and users.check(*READER) and not users.check("ada", READER[1])
    assert not users.check("nobody", "whatever")
    assert users.role("ada") == "admin" and users.role("rex") == "user" and users.role(None) is None
    add_user(path, "rex", "new-password-3", admin=True)  # replaced in place, picked up without a restart
    assert users.is_admin("rex") and users.check("rex", "new-password-3") and not users.check(*READER)


@pytest.mark.parametrize("name, password, fragment", [("a b", "long-enough", "user name"), ("ann", "short", "at least 8")])
def test_add_user_refuses_bad_names_and_short_passwords(tmp_path, name, password, fragment):
    with pytest.raises(ConfigError, match=fragment):
        add_user(tmp_path / "users.json", name, password)


def test_a_missing_or_empty_users_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        Users(tmp_path / "missing.json")
    (tmp_path / "empty.json").write_text(json.dumps({"users": {}}))
    with pytest.raises(ConfigError, match="holds no users"):
        Users(tmp_path / "empty.json")


def test_adduser_command_reads_the_password_from_stdin(tmp_path, run_cli):
    path = tmp_path / "users.json"
    result = run_cli("adduser", "ada", "--admin", "--file", str(path), input=ADMIN[1] + "\n")
    assert result.returncode == 0, result.stderr
    assert Users(path).is_admin("ada") and Users(path).check(*ADMIN)


@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    root = tmp_path_factory.mktemp("access")
    add_user(root / "users.json", *ADMIN, admin=True)
    add_user(root / "users.json", *READER)
    parts = build_app(root, users=Users(root / "users.json"))
    with running(parts.app) as url:
        parts.url = url
        yield parts


def test_api_wants_http_basic_credentials_when_login_is_on(locked):
    question = {"question": "What is Japan's reciprocal rate?"}
    anonymous = requests.post(f"{locked.url}/api/ask", json=question, timeout=60)
    assert anonymous.status_code == 401 and "login required" in anonymous.json()["error"], anonymous.text
    wrong = requests.post(f"{locked.url}/api/ask", json=question, auth=("rex", "nope"), timeout=60)
    assert wrong.status_code == 401
    reader = requests.post(f"{locked.url}/api/ask", json=question, auth=READER, timeout=60)
    assert reader.status_code == 200 and "24%" in reader.json()["answer"], reader.text
    for route in ("/api/health", "/api/docs", "/api/openapi.json"):  # DESIGN.md: every /api/* route, docs included
        assert requests.get(f"{locked.url}{route}", timeout=30).status_code == 401, f"{route} is open without login"
        assert requests.get(f"{locked.url}{route}", auth=READER, timeout=30).status_code == 200, route


def test_only_admins_may_change_documents_through_the_gradio_api(locked, tmp_path):
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    with pytest.raises(ValueError):  # gradio_client's AuthenticationError is a ValueError
        Client(locked.url, verbose=False, analytics_enabled=False)  # no credentials: no access
    source = tmp_path / "memo.txt"
    source.write_text("Memo\n\nThe rice quota rises to 80,000 tonnes.\n")
    reader = Client(locked.url, auth=READER, verbose=False, analytics_enabled=False)
    assert "24%" in reader.predict("What is Japan's reciprocal rate?", api_name="/ask")["answer"]
    with pytest.raises(AppError, match="Only administrators"):
        reader.predict([handle_file(str(source))], api_name="/upload")
    assert not (locked.corpus / "memo.txt").exists()
    admin = Client(locked.url, auth=ADMIN, verbose=False, analytics_enabled=False)
    assert "Added **memo.txt**" in admin.predict([handle_file(str(source))], api_name="/upload")[1]


def test_readers_see_no_document_controls_in_the_browser(locked):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is missing (tests/test_ui_browser.py installs it when it can)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.set_default_timeout(60_000)
        page.goto(locked.url)
        page.get_by_label("username").fill(READER[0])
        page.get_by_label("password").fill(READER[1])
        page.get_by_role("button", name="Login").click()
        page.locator("#question textarea").wait_for()
        page.get_by_text("Signed in as rex (user)").wait_for()  # set when the page has loaded
        page.get_by_role("tab", name="Documents").click()
        page.get_by_text("Ask an administrator").wait_for()
        assert page.get_by_role("button", name="Rebuild index").count() == 0 or \
            not page.get_by_role("button", name="Rebuild index").is_visible()
        browser.close()


def test_adduser_writes_an_owner_only_file_even_over_a_stale_world_readable_tmp(tmp_path):
    """Security (issue 9.12): a stale users.json.tmp kept its 0644 mode through O_CREAT and os.replace carried
    it to the users file, leaving password hashes world-readable."""
    path = tmp_path / "users.json"
    stale = tmp_path / "users.json.tmp"
    stale.write_text("{}")
    stale.chmod(0o644)
    add_user(path, "rex", "long-enough-1", admin=True)
    assert (path.stat().st_mode & 0o777) == 0o600, oct(path.stat().st_mode)
    assert not stale.exists()
