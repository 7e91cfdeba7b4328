"""Optional login (ASSISTANT_USERS_FILE): scrypt-hashed users file, roles, and what each role may do."""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

import assistant.access
from assistant.access import Users, add_user, hash_password, verify_password
from assistant.errors import ConfigError
from assistant.settings import AccessSettings
from conftest import SEED_DOC
from conftest import build_app, running

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
    parts = build_app(root, access=AccessSettings(users_file=root / "users.json"))
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
    # docs/contract.md: every /api/* route, docs included
    for route in ("/api/health", "/api/docs", "/api/openapi.json", f"/api/documents/{SEED_DOC}"):
        assert requests.get(f"{locked.url}{route}", timeout=30).status_code == 401, f"{route} is open without login"
        assert requests.get(f"{locked.url}{route}", auth=READER, timeout=30).status_code == 200, route
    document = requests.get(f"{locked.url}/api/documents/{SEED_DOC}", auth=READER, timeout=30).json()
    assert document["doc_id"] == SEED_DOC and "24%" in document["text"], document


def test_with_login_on_each_user_sees_only_their_own_conversations_and_feedback(locked):
    """Issue 10.8: conversations are per user; another user's conversation reads as missing."""
    from assistant.chat_store import answer_record

    answer = locked.assistant.ask("What is Japan's reciprocal rate?")
    mine, _ = locked.chats.add_turn(READER[0], None, answer.question, answer_record(answer))
    listed = requests.get(f"{locked.url}/api/conversations", auth=READER, timeout=30).json()["conversations"]
    assert [c["id"] for c in listed] == [mine], listed
    assert requests.get(f"{locked.url}/api/conversations/{mine}", auth=READER, timeout=30).status_code == 200
    assert requests.get(f"{locked.url}/api/conversations", auth=ADMIN, timeout=30).json() == {"conversations": []}
    for route in (f"/api/conversations/{mine}", f"/api/conversations/{mine}/markdown"):
        other = requests.get(f"{locked.url}{route}", auth=ADMIN, timeout=30)
        assert other.status_code == 404 and "24%" not in other.text, other.text
        assert requests.get(f"{locked.url}{route}", timeout=30).status_code == 401
    body = {"question": answer.question, "answer": answer.answer, "rating": "up"}
    assert requests.post(f"{locked.url}/api/feedback", json=body, timeout=30).status_code == 401
    given = requests.post(f"{locked.url}/api/feedback", json=body, auth=READER, timeout=30)
    assert given.status_code == 201, given.text
    assert locked.chats.feedback(given.json()["id"])[0].user == READER[0], "feedback is kept under its author"


def test_a_chat_opens_on_the_page_only_for_its_owner(locked):
    """Issue 10.8 through the page's own events: another user's conversation id opens an empty chat."""
    from assistant.chat_store import answer_record

    answer = locked.assistant.ask("What is Japan's reciprocal rate?")
    mine, _ = locked.chats.add_turn(READER[0], None, answer.question, answer_record(answer))

    def open_as(user) -> str:
        session, response = page_login(locked.url, *user)
        assert response.status_code == 200, response.text
        started = session.post(f"{locked.url}/gradio_api/call/open_conversation", json={"data": [mine]}, timeout=30)
        assert started.status_code == 200, started.text
        return session.get(f"{locked.url}/gradio_api/call/open_conversation/{started.json()['event_id']}",
                           timeout=60).text

    assert "24%" in open_as(READER), "the owner's chat did not open"
    other = open_as(ADMIN)
    assert "event: complete" in other and "24%" not in other and "reciprocal" not in other, other


def test_only_admins_may_add_feedback_to_the_suite(locked):
    """Issue 10.9: "Add to suite" writes the checked item to the feedback suite, for administrators only."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from assistant.evaluation.suite import load_suite

    feedback_id = locked.chats.add_feedback(READER[0], question="What is Japan's reciprocal rate?", history=[],
                                            answer="**24%** — Japan hopes to reduce the rate [1]", rating="up",
                                            citations=[{"n": 1, "doc_id": SEED_DOC}])
    reader = Client(locked.url, auth=READER, verbose=False, analytics_enabled=False)
    with pytest.raises(AppError, match="Only administrators"):
        reader.predict(feedback_id, "24%", True, SEED_DOC, api_name="/add_to_suite")
    assert not locked.feedback_suite.exists()
    admin = Client(locked.url, auth=ADMIN, verbose=False, analytics_enabled=False)
    status = admin.predict(feedback_id, "24%", True, SEED_DOC, api_name="/add_to_suite")[0]
    assert f"Added **feedback-{feedback_id}**" in status, status
    again = admin.predict(feedback_id, "24%", True, SEED_DOC, api_name="/add_to_suite")[0]
    assert "Not added" in again and "already has" in again, again
    [item] = load_suite(locked.feedback_suite)
    assert (item.id, item.answers, item.sources) == (f"feedback-{feedback_id}", ("24%",), (SEED_DOC,))
    assert locked.chats.feedback(feedback_id)[0].suite_item == item.id


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


def test_a_readers_refused_upload_does_not_stay_in_the_upload_cache(locked):
    """Issue 9.13: non-admins could fill the upload cache; what a refused upload sent is deleted at once."""
    session, response = page_login(locked.url, *READER)
    assert response.status_code == 200, response.text
    sent = session.post(f"{locked.url}/gradio_api/upload", files=[("files", ("memo.txt", b"Memo\n\nRice quota.\n"))],
                        timeout=30)
    path = Path(sent.json()[0])
    assert path.is_file(), "Gradio keeps the received file in its cache"
    started = session.post(f"{locked.url}/gradio_api/call/upload", timeout=30,
                           json={"data": [[{"path": str(path), "meta": {"_type": "gradio.FileData"}}]]})
    stream = session.get(f"{locked.url}/gradio_api/call/upload/{started.json()['event_id']}", timeout=60).text
    assert "Only administrators" in stream, stream
    assert not path.exists(), "the refused upload stayed in the upload cache"


def test_readers_see_no_document_controls_in_the_browser(locked, browser):
    context = browser.new_context()  # conftest's session browser; a context of its own: no cookie leaks either way
    try:
        page = context.new_page()
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
    finally:
        context.close()


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


# -- failed-login limits, the cache of good credentials, sessions (issue 9.3, 9.5) -----------------
@contextmanager
def guarded(root: Path, **access):
    """A fresh app with login on (ADMIN and READER) and these AccessSettings, served on 127.0.0.1."""
    users_file = root / "users.json"
    add_user(users_file, *ADMIN, admin=True)
    add_user(users_file, *READER)
    parts = build_app(root, access=AccessSettings(users_file=users_file, **access))
    with running(parts.app) as url:
        parts.url, parts.users_file = url, users_file
        yield parts


def page_login(url: str, name: str, password: str) -> tuple[requests.Session, requests.Response]:
    """Sign in through the page's login form (Gradio's POST /login); the session keeps the cookie."""
    session = requests.Session()
    return session, session.post(f"{url}/login", data={"username": name, "password": password}, timeout=60)


def signed_in(session: requests.Session, url: str) -> bool:
    """Whether the session's cookie still opens the page's config (Gradio answers 401 without a login)."""
    status = session.get(f"{url}/config", timeout=60).status_code
    assert status in (200, 401), status
    return status == 200


def on_event_loop() -> bool:
    import asyncio

    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


@pytest.fixture
def scrypt_calls(monkeypatch):
    """Counts password checks that run scrypt (Users.check calls the module's verify_password)."""
    calls = []

    def counting(password, record):
        calls.append("on the event loop" if on_event_loop() else "in a worker thread")
        return verify_password(password, record)

    monkeypatch.setattr(assistant.access, "verify_password", counting)
    return calls


def test_password_checks_run_off_the_event_loop(tmp_path, scrypt_calls):
    """Issue 9.3: the page's login ran scrypt inside Gradio's async /login handler, so wrong passwords stalled
    every other request of the server."""
    with guarded(tmp_path) as app:
        assert page_login(app.url, "rex", "wrong-guess")[1].status_code == 400
        assert page_login(app.url, *READER)[1].status_code == 200
        assert requests.get(f"{app.url}/api/health", auth=("ada", "wrong-guess"), timeout=60).status_code == 401
        assert requests.get(f"{app.url}/api/health", auth=ADMIN, timeout=60).status_code == 200
    assert scrypt_calls == ["in a worker thread"] * 4, scrypt_calls


def test_after_too_many_wrong_passwords_even_the_right_one_gets_429_until_the_lockout_passes(
        tmp_path, scrypt_calls, caplog):
    """Issue 9.3: wrong passwords could be tried without limit, each costing the server a scrypt check."""
    caplog.set_level(logging.WARNING, logger="assistant.login")
    with guarded(tmp_path, login_max_failures=3, login_lockout_s=2) as app:
        for _ in range(3):
            assert page_login(app.url, "rex", "wrong-guess")[1].status_code == 400
        checks = len(scrypt_calls)
        _, locked = page_login(app.url, *READER)
        assert locked.status_code == 429 and "Too many failed logins" in locked.text, locked.text
        assert int(locked.headers["Retry-After"]) >= 1, locked.headers
        api = requests.get(f"{app.url}/api/health", auth=READER, timeout=60)
        assert api.status_code == 429 and "try again in" in api.json()["error"], api.text
        assert int(api.headers["Retry-After"]) >= 1, api.headers
        assert len(scrypt_calls) == checks, "a locked-out attempt must be refused before scrypt runs"
        assert requests.get(f"{app.url}/api/health", auth=ADMIN, timeout=60).status_code == 200, \
            "another user at the same address is not locked by rex's failures"
        lockouts = [r.getMessage() for r in caplog.records if "locked out" in r.getMessage()]
        assert len(lockouts) == 1 and "'rex'" in lockouts[0], lockouts
        time.sleep(int(locked.headers["Retry-After"]) + 0.2)
        session, response = page_login(app.url, *READER)
        assert response.status_code == 200 and signed_in(session, app.url), response.text


def test_one_address_failing_for_many_names_is_locked_out(tmp_path):
    """Issue 9.3: the per-name limit alone lets one client try a password against any number of names."""
    with guarded(tmp_path, login_max_failures=5, login_address_max_failures=4, login_lockout_s=60) as app:
        for name in ("amy", "bob", "cy"):
            assert page_login(app.url, name, "wrong-guess")[1].status_code == 400
        assert requests.get(f"{app.url}/api/health", auth=("dee", "wrong-guess"), timeout=60).status_code == 401
        assert page_login(app.url, *ADMIN)[1].status_code == 429, "the address has failed 4 times"
        assert requests.get(f"{app.url}/api/health", auth=READER, timeout=60).status_code == 429


def test_a_good_password_pays_scrypt_once_per_users_file_version(tmp_path, scrypt_calls):
    """Issue 9.3: each API request with a good password cost a scrypt check (~50 ms of CPU)."""
    with guarded(tmp_path) as app:
        for _ in range(3):
            assert requests.get(f"{app.url}/api/health", auth=READER, timeout=60).status_code == 200
        assert len(scrypt_calls) == 1, f"{len(scrypt_calls)} scrypt checks for one good password used 3 times"
        add_user(app.users_file, "zed", "another-secret-4")  # a new version of the file: checked afresh
        assert requests.get(f"{app.url}/api/health", auth=READER, timeout=60).status_code == 200
        assert len(scrypt_calls) == 2, scrypt_calls


def test_a_password_change_within_the_same_mtime_is_seen(tmp_path):
    """The users file was re-read only when its mtime changed: a rewrite within the file system's clock tick
    (or with the mtime kept) left the old password working, from the cache of good credentials."""
    path = tmp_path / "users.json"
    add_user(path, *READER)
    users = Users(path)
    assert users.check(*READER)
    before = path.stat()
    add_user(path, "rex", "new-password-3")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not users.check(*READER), "the old password still works after the change"
    assert users.check("rex", "new-password-3")


def test_a_page_session_ends_when_its_user_is_removed(tmp_path):
    """Issue 9.5: a removed user's page login went on working until the server restarted."""
    with guarded(tmp_path) as app:
        (reader, response), (admin, _) = page_login(app.url, *READER), page_login(app.url, *ADMIN)
        assert response.status_code == 200 and signed_in(reader, app.url) and signed_in(admin, app.url)
        data = json.loads(app.users_file.read_text())
        del data["users"]["rex"]
        app.users_file.write_text(json.dumps(data))  # as an operator editing the file would
        assert not signed_in(reader, app.url), "the removed user's session still works"
        assert signed_in(admin, app.url), "the other users' sessions go on"


def test_a_page_session_ends_when_its_password_changes(tmp_path):
    """Issue 9.5: changing a password (e.g. after a leak) left the old sessions signed in."""
    with guarded(tmp_path) as app:
        reader, response = page_login(app.url, *READER)
        assert response.status_code == 200 and signed_in(reader, app.url)
        add_user(app.users_file, "rex", "new-password-3")
        assert not signed_in(reader, app.url), "the session from before the password change still works"
        fresh, response = page_login(app.url, "rex", "new-password-3")
        assert response.status_code == 200 and signed_in(fresh, app.url)


def test_a_page_session_expires_after_session_hours(tmp_path):
    """Issue 9.5: page logins never expired."""
    with guarded(tmp_path, session_hours=3 / 3600) as app:
        reader, response = page_login(app.url, *READER)
        assert response.status_code == 200 and signed_in(reader, app.url)
        time.sleep(3.2)
        assert not signed_in(reader, app.url), "the session outlived ASSISTANT_SESSION_HOURS"
