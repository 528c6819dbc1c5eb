"""The SMTP backend against a real aiosmtpd server: plain, AUTH, STARTTLS, SMTPS."""

from __future__ import annotations

import smtplib
import ssl
from pathlib import Path

import pytest
import trustme

from tests.conftest import free_port
from tests.shell.smtp_servers import outgoing_row, password_check
from werkplaats.mail.backends import FileBackend, SmtpBackend, backend_for
from werkplaats.mail.outbox import build_message
from werkplaats.settings import load_settings


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(certificate_authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def ca_file(certificate_authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


# --- SMTP_URL --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "security", "port"),
    [
        ("smtp://mail.example.nl", "plain", 25),
        ("smtp+starttls://mail.example.nl", "starttls", 587),
        ("smtps://mail.example.nl", "ssl", 465),
        ("smtp+starttls://mail.example.nl:2525", "starttls", 2525),
    ],
)
def test_smtp_url_scheme_sets_security_and_default_port(url, security, port):
    backend = SmtpBackend.from_url(url)

    assert (backend.host, backend.port, backend.security) == ("mail.example.nl", port, security)
    assert (backend.username, backend.password) == (None, None)


def test_smtp_url_credentials_are_percent_decoded():
    backend = SmtpBackend.from_url(
        "smtps://info%40werkplaats.nl:ge%2Fheim%3A1@smtp.example.nl", ca_file="/etc/ca.pem"
    )

    assert backend.username == "info@werkplaats.nl"
    assert backend.password == "ge/heim:1"
    assert backend.ca_file == "/etc/ca.pem"


def test_smtp_url_with_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="'http'"):
        SmtpBackend.from_url("http://mail.example.nl")


def test_backend_for_settings_follows_smtp_url(tmp_path):
    base = {"DATA_DIR": str(tmp_path), "SECRET_KEY": "k"}

    with_smtp = backend_for(
        load_settings(
            {**base, "SMTP_URL": "smtp+starttls://u:p@smtp.example.nl", "SMTP_CA_FILE": "/ca.pem"}
        )
    )
    without = backend_for(load_settings(base))

    assert with_smtp == SmtpBackend("smtp.example.nl", 587, "starttls", "u", "p", "/ca.pem")
    assert without == FileBackend(Path(tmp_path).resolve() / "mail")


# --- delivery to a real server ---------------------------------------------


async def test_smtp_backend_delivers_a_built_message(start_smtp):
    port, server = start_smtp()
    message = build_message(outgoing_row())

    await SmtpBackend.from_url(f"smtp://127.0.0.1:{port}").deliver(message, name="12")

    [received] = server.messages
    assert received["mail_from"] == "noreply@werkplaats.local"
    assert received["rcpt_tos"] == ["anne@example.nl"]
    assert received["tls"] is False
    got = received["message"]
    assert got["Message-ID"] == "<12.smtp@testserver.local>"
    assert got["Subject"] == "Uw aanmelding voor de regionale bijeenkomst"
    assert (
        got.get_body(("plain",)).get_content().replace("\r\n", "\n")
        == "Beste Anne,\n\nTot dinsdag!\n"
    )
    assert "<p>Tot dinsdag!</p>" in got.get_body(("html",)).get_content()


async def test_smtp_backend_logs_in_with_the_url_credentials(start_smtp):
    port, server = start_smtp(
        auth_require_tls=False, authenticator=password_check(b"mailer", b"geheim wachtwoord")
    )
    backend = SmtpBackend.from_url(f"smtp://mailer:geheim%20wachtwoord@127.0.0.1:{port}")

    await backend.deliver(build_message(outgoing_row()), name="12")

    [received] = server.messages
    assert received["login"] == b"mailer"
    assert received["rcpt_tos"] == ["anne@example.nl"]


async def test_smtp_backend_wrong_password_is_an_error(start_smtp):
    port, server = start_smtp(
        auth_require_tls=False, authenticator=password_check(b"mailer", b"geheim")
    )
    backend = SmtpBackend.from_url(f"smtp://mailer:fout@127.0.0.1:{port}")

    with pytest.raises(smtplib.SMTPAuthenticationError):
        await backend.deliver(build_message(outgoing_row()), name="12")

    assert server.messages == []


async def test_smtp_backend_starttls_verifies_the_server_against_ca_file(
    start_smtp, server_tls, ca_file
):
    port, server = start_smtp(tls_context=server_tls, require_starttls=True)
    backend = SmtpBackend("127.0.0.1", port, "starttls", ca_file=ca_file)

    await backend.deliver(build_message(outgoing_row()), name="12")

    [received] = server.messages
    assert received["tls"] is True
    assert received["message"]["Message-ID"] == "<12.smtp@testserver.local>"


async def test_smtp_backend_starttls_with_auth_over_tls(start_smtp, server_tls, ca_file):
    port, server = start_smtp(
        tls_context=server_tls,
        require_starttls=True,
        authenticator=password_check(b"mailer", b"geheim"),
    )
    backend = SmtpBackend.from_url(
        f"smtp+starttls://mailer:geheim@127.0.0.1:{port}", ca_file=ca_file
    )

    await backend.deliver(build_message(outgoing_row()), name="12")

    [received] = server.messages
    assert (received["tls"], received["login"]) == (True, b"mailer")


async def test_smtp_backend_starttls_refuses_a_server_of_another_ca(start_smtp, server_tls):
    port, server = start_smtp(tls_context=server_tls, require_starttls=True)
    other_ca = trustme.CA()
    with other_ca.cert_pem.tempfile() as wrong_ca_file:
        backend = SmtpBackend("127.0.0.1", port, "starttls", ca_file=wrong_ca_file)

        with pytest.raises(ssl.SSLCertVerificationError):
            await backend.deliver(build_message(outgoing_row()), name="12")

    assert server.messages == []


async def test_smtp_backend_smtps_speaks_tls_from_the_start(start_smtp, server_tls, ca_file):
    port, server = start_smtp(ssl_context=server_tls)
    backend = SmtpBackend.from_url(f"smtps://127.0.0.1:{port}", ca_file=ca_file)

    await backend.deliver(build_message(outgoing_row()), name="12")

    [received] = server.messages
    assert received["tls"] is True


async def test_smtp_backend_unreachable_server_raises():
    backend = SmtpBackend("127.0.0.1", free_port(), "plain", timeout=5)

    with pytest.raises(ConnectionRefusedError):
        await backend.deliver(build_message(outgoing_row()), name="12")
