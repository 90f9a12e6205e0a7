"""A real OpenID Connect provider on loopback, for the sign-in tests.

Built on Authlib's server side (authorization-code grant with OpenID Connect and PKCE,
id tokens signed RS256 with a joserfc key, published in a JWKS) behind a small
threaded http.server. Nothing in the app is patched: Streamlit's own `st.login`
discovers this provider from its metadata URL, sends the browser to /authorize, and
trades the code for an id token at /token, as with Entra ID, Google or Keycloak.

Who signs in is chosen on the provider's login form (email, name, groups), the way a
person picks an account; a test fills it in the browser.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc.jwk import RSAKey


@dataclass
class User:
    email: str
    name: str
    groups: list[str] = field(default_factory=list)

    @property
    def sub(self) -> str:
        return "user-" + self.email.lower()


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret or "", self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post") if endpoint == "token" else True

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time


class Provider:
    """The provider's state: one registered client, issued codes and tokens, and the
    signing key. `issuer` is its base URL once started."""

    def __init__(self, client_id: str = "assistant-test", client_secret: str | None = None):
        self.client = Client(client_id, client_secret or secrets.token_urlsafe(24), [])
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, User] = {}
        self.sign_ins: list[str] = []  # emails, in order: the tests' evidence that the real flow ran
        self.lock = threading.Lock()
        self.issuer = ""
        self.server = self._authorization_server()
        self._httpd: ThreadingHTTPServer | None = None

    # -- Authlib wiring -------------------------------------------------------------
    def _authorization_server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):
                return provider.client if client_id == provider.client.client_id else None

            def save_token(self, token, request):
                with provider.lock:
                    provider.tokens[token["access_token"]] = request.user

            def create_oauth2_request(self, request):
                return request

            def create_json_request(self, request):
                return request

            def handle_response(self, status, body, headers):
                return status, body, headers

            def send_signal(self, name, *args, **kwargs):
                pass

        class Grant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                data = request.payload.data
                with provider.lock:
                    provider.codes[code] = Code(code, request.client.client_id, request.payload.redirect_uri,
                                                request.payload.scope, request.user, data.get("nonce"),
                                                data.get("code_challenge"), data.get("code_challenge_method"),
                                                int(time.time()))

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                with provider.lock:
                    provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class OpenID(OpenIDCode):
            def exists_nonce(self, nonce, request):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": provider.key.kid}

            def get_client_claims(self, client):
                return {"iss": provider.issuer, "aud": [client.get_client_id()]}

            def generate_user_info(self, user, scope):
                return UserInfo(sub=user.sub, email=user.email, email_verified=True, name=user.name,
                                groups=list(user.groups))

        class Challenge(CodeChallenge):
            def get_authorization_code_challenge(self, authorization_code):
                return authorization_code.code_challenge

            def get_authorization_code_challenge_method(self, authorization_code):
                return authorization_code.code_challenge_method

        server = Server(scopes_supported=["openid", "email", "profile"])
        server.register_token_generator("default", BearerTokenGenerator(
            access_token_generator=lambda *a, **k: secrets.token_urlsafe(32)))
        server.register_grant(Grant, [OpenID(require_nonce=False), Challenge(required=False)])
        return server

    # -- documents ------------------------------------------------------------------
    def metadata(self) -> dict:
        base = self.issuer
        return {
            "issuer": base, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo", "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256", "plain"], "grant_types_supported": ["authorization_code"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        }

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}

    # -- serving --------------------------------------------------------------------
    def start(self) -> "Provider":
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.issuer = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def secrets_toml(self, redirect_uri: str, cookie_secret: str | None = None) -> str:
        """The `[auth]` table an app needs to sign in here (README: the same keys as for
        any OIDC provider)."""
        self.client.redirect_uris = [redirect_uri]
        cookie_secret = cookie_secret or secrets.token_urlsafe(32)
        return (f'[auth]\nredirect_uri = "{redirect_uri}"\ncookie_secret = "{cookie_secret}"\n'
                f'client_id = "{self.client.client_id}"\nclient_secret = "{self.client.client_secret}"\n'
                f'server_metadata_url = "{self.issuer}/.well-known/openid-configuration"\n')


class _Request(OAuth2Request):
    """An http.server request as Authlib's server sees it: query and form merged."""

    def __init__(self, method: str, uri: str, headers: dict, query: dict, form: dict):
        super().__init__(method, uri, headers=headers)
        self._query = {k: v[0] for k, v in query.items()}
        self._form = {k: v[0] for k, v in form.items()}
        self.payload = BasicOAuth2Payload({**self._query, **self._form})

    @property
    def args(self):
        return self._query

    @property
    def form(self):
        return self._form


LOGIN_FORM = """<!doctype html><html><head><title>Test provider: sign in</title></head><body>
<h1>Sign in to the test provider</h1>
<form method="post" action="/authorize?{query}">
<label>Email <input name="email" id="email" autocomplete="off"></label>
<label>Name <input name="name" id="name" autocomplete="off"></label>
<label>Groups (comma-separated) <input name="groups" id="groups" autocomplete="off"></label>
<button type="submit" id="sign-in">Sign in</button>
</form></body></html>"""


def _handler_for(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        # -- plumbing -----------------------------------------------------------------
        def _send(self, status: int, body, headers=None, content_type: str = "application/json"):
            data = body if isinstance(body, bytes) else (json.dumps(body) if isinstance(body, (dict, list)) else
                                                         str(body or "")).encode()
            self.send_response(status)
            sent = {k.lower() for k, _ in (headers or [])}
            for name, value in headers or []:
                self.send_header(name, value)
            if "content-type" not in sent:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _request(self) -> _Request:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = parse_qs(body) if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or "") else {}
            return _Request(self.command, provider.issuer + self.path, dict(self.headers.items()),
                            parse_qs(parts.query), form)

        def _reply(self, response):
            status, body, headers = response
            self._send(status, body, headers)

        # -- routes -------------------------------------------------------------------
        def do_GET(self):
            path = urlsplit(self.path).path
            if path == "/.well-known/openid-configuration":
                self._send(200, provider.metadata())
            elif path == "/jwks":
                self._send(200, provider.jwks())
            elif path == "/authorize":
                request = self._request()
                try:  # a bad client or redirect URI is refused before any form is shown
                    provider.server.get_consent_grant(request)
                except Exception as exc:  # noqa: BLE001 - Authlib's own error, shown as the provider would
                    self._send(400, {"error": getattr(exc, "error", "invalid_request"),
                                     "error_description": str(exc)})
                    return
                self._send(200, LOGIN_FORM.format(query=html.escape(urlsplit(self.path).query)),
                           content_type="text/html; charset=utf-8")
            elif path == "/userinfo":
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
                user = provider.tokens.get(token)
                if user is None:
                    self._send(401, {"error": "invalid_token"})
                else:
                    self._send(200, {"sub": user.sub, "email": user.email, "email_verified": True,
                                     "name": user.name, "groups": user.groups})
            else:
                self._send(404, {"error": "not_found"})

        def do_POST(self):
            path = urlsplit(self.path).path
            request = self._request()
            if path == "/authorize":
                email = request.form.get("email", "").strip()
                if not email:
                    self._send(400, "an email is needed", content_type="text/plain")
                    return
                groups = [g.strip() for g in request.form.get("groups", "").split(",") if g.strip()]
                user = User(email=email, name=request.form.get("name", "").strip() or email, groups=groups)
                with provider.lock:
                    provider.sign_ins.append(email)
                self._reply(provider.server.create_authorization_response(request, grant_user=user))
            elif path == "/token":
                self._reply(provider.server.create_token_response(request))
            else:
                self._send(404, {"error": "not_found"})

    return Handler


def authorize_url(provider: Provider, redirect_uri: str, **params) -> str:
    """An /authorize URL as a client would build it (the provider's own tests)."""
    query = {"response_type": "code", "client_id": provider.client.client_id, "redirect_uri": redirect_uri,
             "scope": "openid email profile", "state": secrets.token_urlsafe(8), **params}
    return f"{provider.issuer}/authorize?{urlencode(query)}"


__all__ = ["Provider", "User", "authorize_url"]
