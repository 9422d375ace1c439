"""Logging officers in and out of the console, the CSRF token, and the login every page needs.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax, Secure whenever the request came
over HTTPS), holding the officer's id, a tag of their password hash (so a changed password ends
every old session), when they logged in, and a random token whose hash is a `console_sessions`
row: logging out ends that row, so a copy of the cookie stops working with it.
Wrong passwords are counted per phone from an address, per address and per phone, the same for
every phone typed (gateway/people/login_guard.py), apart from the SMS PIN's counter, so guessing
at one cannot lock the other.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, wraps
from typing import ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from gateway.people import login_guard
from gateway.people.officers import officer_by_phone
from gateway.people.phones import normalise_phone, phone_tag
from gateway.web.callbacks import CallbackSessions
from gateway.web.console.blueprint import bp
from gateway.web.current import current_gateway
from gateway.web.pages import page_now, strict_headers
from gateway.web.texts import LANGUAGES, text
from store.models import ConsoleSession, Officer

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

SESSION_LIFETIME = timedelta(hours=12)  # a working day; a lost phone's session ends by night
CSRF_FIELD = "csrf_token"
PUBLIC_ENDPOINTS = frozenset({"console.login", "console.static", "console.language"})


class _SessionInterface(CallbackSessions):
    """Flask's signed-cookie sessions, marked Secure on every request that came over HTTPS (and
    never opened for a provider's callback: see CallbackSessions)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured, or when this request is HTTPS (behind a proxy: see
        TRUSTED_PROXIES), so the cookie is never sent back over plain HTTP."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure
        )


def init_cookies(app: Flask) -> None:
    """Session cookies the browser's scripts cannot read and other sites cannot send."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = _SessionInterface()


# --- language -----------------------------------------------------------------------------------


OFFICERS_PAGES = ("/console", "/simulator")  # every other address is the public's


def current_language() -> str:
    """The page's language: on the public's pages (the results, their error pages), the
    address's ?lang= (so a shared link and a cache keep it, and the console is not switched);
    in the console, the officer's choice this session; else Swahili."""
    public = has_request_context() and not request.path.startswith(OFFICERS_PAGES)
    chosen = request.args.get("lang") if public else session.get("lang")
    return chosen if chosen in LANGUAGES else "sw"


def t(key: str, default: str | None = None, **values: object) -> str:
    """A console text in the current language."""
    return text(current_language(), key, default, **values)


@bp.get("/lang/<code>")
def language(code: str) -> ResponseReturnValue:
    """Switch the console's language and go back where the officer was."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else the queue (no open redirects)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("console.queue")


# --- CSRF ---------------------------------------------------------------------------------------


def csrf_token() -> str:
    """The session's CSRF token (made on first use), for a hidden field in every POST form."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def csrf_ok() -> bool:
    """Whether a POST carries the session's token: another site cannot forge our forms."""
    expected = session.get(CSRF_FIELD)
    given = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        log.warning("console csrf rejected endpoint=%s", request.endpoint)
        return False
    return True


# --- what an officer typed, kept over an ended session ------------------------------------------

KEPT = "kept"  # the session's key for a form its session could not send
KEPT_MAX = 2500  # characters kept at most: the session is a cookie, and browsers cap those
NOT_KEPT = frozenset({CSRF_FIELD, "password", "confirm", "preview"})
RETURN_PAGES = {"console.act_on_item": "console.item"}  # a POST-only form's page


def _form_page() -> str | None:
    """The page a form was sent from, to go back to with what was typed (None: not a form
    that has a page, such as logging out)."""
    if request.endpoint in RETURN_PAGES:
        return url_for(RETURN_PAGES[request.endpoint], **(request.view_args or {}))
    if request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        return request.path
    return None


def _keep_typing(page: str) -> bool:
    """Keep this POST's fields (never a password or the token) for `page`, once; False when
    they are too long to keep in the session's cookie."""
    fields = {key: value for key, value in request.form.items() if key not in NOT_KEPT}
    if sum(len(key) + len(value) for key, value in fields.items()) > KEPT_MAX:
        return False
    session[KEPT] = {"page": page, "officer": session.get("officer"), "form": fields}
    return True


def kept_typing(page: str) -> dict[str, str] | None:
    """What was typed into this page's form when the session could not send it; given once."""
    kept = session.get(KEPT)
    if not isinstance(kept, dict) or kept.get("page") != page:
        return None
    session.pop(KEPT)
    form = kept.get("form")
    return {str(k): str(v) for k, v in form.items()} if isinstance(form, dict) else None


def _expired_form() -> ResponseReturnValue:
    """A POST whose token is stale (the page was open across a logout and login, say): nothing
    is done; the officer is back on its page with what they typed, to check and send again.
    Only for a logged-in session's own browser: a POST from another site carries no session
    cookie (SameSite), and gets a plain 400 that keeps nothing it sent."""
    page = _form_page()
    if page is None or not isinstance(session.get("officer"), int):
        abort(400)
    _keep_typing(page)
    flash(t("page_expired"), "error")
    return redirect(page)


# --- who is logged in ---------------------------------------------------------------------------


def current_officer() -> Officer:
    """The officer of this request (every non-public page runs after `_require_login`)."""
    officer: Officer = g.officer
    return officer


def _auth_tag(officer: Officer) -> str:
    return hashlib.sha256((officer.password_hash or "").encode()).hexdigest()[:16]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _logged_in_officer(now: datetime) -> Officer | None:
    officer_id = session.get("officer")
    since = session.get("since")
    token = session.get("sid")
    if not isinstance(officer_id, int) or not isinstance(since, (int, float)):
        return None
    if not isinstance(token, str) or now.timestamp() - since > SESSION_LIFETIME.total_seconds():
        return None
    with current_gateway().reads() as db:
        officer = db.scalar(
            select(Officer)
            .join(ConsoleSession, ConsoleSession.officer_id == Officer.id)
            .where(
                Officer.id == officer_id,
                ConsoleSession.id == _token_hash(token),
                ConsoleSession.ended_at.is_(None),
            )
        )
    if officer is None or not officer.active or not officer.password_hash:
        return None
    if not hmac.compare_digest(session.get("auth", ""), _auth_tag(officer)):
        return None
    return officer


@bp.before_request
def _require_login() -> ResponseReturnValue | None:
    """CSRF on every POST; then nothing but the login page without a login. The calendar
    takes in holidays added elsewhere (at most once a minute), as every entry point does."""
    if request.method == "POST" and not csrf_ok():
        return _expired_form()
    current_gateway().refresh_calendar()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    officer = _logged_in_officer(page_now())
    if officer is None:
        return _session_ended()
    g.officer = officer
    return None


def _session_ended() -> ResponseReturnValue:
    """The login page, saying so when a session ended; a form sent meanwhile is kept, and the
    officer comes back to its page with it after logging in."""
    ended = "officer" in session
    target = request.full_path.rstrip("?")
    if request.method == "POST":
        target = _form_page() or url_for("console.queue")
        flash(t("session_ended_kept" if _keep_typing(target) else "session_ended"), "info")
    elif ended:
        flash(t("session_ended"), "info")
    session.pop("officer", None)
    return redirect(url_for("console.login", next=target))


def login_redirect() -> ResponseReturnValue | None:
    """For pages outside the console: None when an officer is logged in, else the login page."""
    officer = _logged_in_officer(page_now())
    if officer is None:
        return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
    g.officer = officer
    return None


def login_required(view: Callable[P, R]) -> Callable[P, R | ResponseReturnValue]:
    """For pages outside the console (the simulator in production): a console login first."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | ResponseReturnValue:
        officer = _logged_in_officer(page_now())
        if officer is None:
            return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
        g.officer = officer
        return view(*args, **kwargs)

    return wrapper


bp.after_request(strict_headers)


# --- logging in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginResult:
    """Who logged in, or why not ("bad_login" or "locked")."""

    officer: Officer | None
    problem: str | None


@cache
def _dummy_hash() -> str:
    # Checked against when there is no such officer, so a wrong phone takes as long as a wrong
    # password and the page does not tell an attacker which phones are officers'.
    return generate_password_hash(secrets.token_hex(16))


def authenticate(
    db: Session, phone: str, password: str, address: str, now: datetime
) -> LoginResult:
    """Check a phone and password from `address`, with the same counting and locks for every
    phone typed, an officer's or not (gateway/people/login_guard.py)."""
    try:
        number = normalise_phone(phone)
    except ValueError:
        number = "typed:" + " ".join(phone.split())[:32]
    counters = login_guard.hold(db, number, address, now)
    if login_guard.locked(counters, now):
        return LoginResult(None, "locked")
    officer = officer_by_phone(db, number) if not number.startswith("typed:") else None
    hashed = officer.password_hash if officer is not None else None
    # Checked against a dummy hash when there is no such officer: a wrong phone takes as long
    # as a wrong password, so neither the answer nor its time tells which phones are officers'.
    right = check_password_hash(hashed or _dummy_hash(), password) and bool(password)
    if officer is not None and hashed and right:
        login_guard.succeeded(db, counters, now)
        return LoginResult(officer, None)
    if login_guard.failed(db, counters, now):
        return LoginResult(None, "locked")
    return LoginResult(None, "bad_login")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The login page, and checking what it sends."""
    target = safe_next(request.args.get("next"))
    if request.method == "GET":
        return render_template("console/login.html", next=target, phone="")
    phone = request.form.get("phone", "")[:32]
    now = page_now()
    sid = secrets.token_urlsafe(32)
    with current_gateway().sessions.begin() as db:
        password = request.form.get("password", "")[:256]
        result = authenticate(db, phone, password, request.remote_addr or "unknown", now)
        tag = _auth_tag(result.officer) if result.officer else ""
        officer_id = result.officer.id if result.officer else None
        if officer_id is not None:
            db.add(ConsoleSession(id=_token_hash(sid), officer_id=officer_id, created_at=now))
    if officer_id is None:
        log.info("console login refused phone=%s why=%s", _tag(phone), result.problem)
        flash(t("login_" + (result.problem or "bad_login")), "error")
        page = render_template("console/login.html", next=target, phone=phone)
        return Response(page, status=429 if result.problem == "locked" else 401)
    language, kept = session.get("lang"), session.get(KEPT)
    session.clear()  # nothing from before the login survives it, but the language and
    if language in LANGUAGES:
        session["lang"] = language
    if isinstance(kept, dict) and kept.get("officer") == officer_id:
        session[KEPT] = kept  # ... what this officer typed before their session ended
    session["officer"] = officer_id
    session["auth"] = tag
    session["since"] = now.timestamp()
    session["sid"] = sid
    csrf_token()
    log.info("console login officer=%d", officer_id)
    return redirect(target)


def _tag(raw: str) -> str:
    try:
        return phone_tag(normalise_phone(raw), str(current_app.secret_key).encode())
    except ValueError:
        return "invalid"


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """End the session, here and for any copy of its cookie, and go back to the login page."""
    officer = current_officer()
    with current_gateway().sessions.begin() as db:
        db.execute(
            update(ConsoleSession)
            .where(ConsoleSession.id == _token_hash(str(session.get("sid"))))
            .values(ended_at=page_now())
        )
    language = session.get("lang")
    session.clear()
    if language in LANGUAGES:
        session["lang"] = language
    log.info("console logout officer=%d", officer.id)
    flash(t("logged_out"), "info")
    return redirect(url_for("console.login"))
