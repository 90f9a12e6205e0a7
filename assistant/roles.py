"""Who is looking: a viewer is anonymous, a signed-in reader, or an editor.

Pure: the UI hands in the identity provider's claims (Streamlit's `st.user`) and the
`ASSISTANT_EDITORS` setting; nothing here reads Streamlit, the environment or a file.
An editor is a signed-in user whose email, or one of whose claim values (a group or
role such as "kb-editors"), is listed in the setting. Matching ignores case, because
providers disagree on the case of emails and group names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Claims that carry a user's groups or roles in the common providers (Entra ID: groups,
# roles; Keycloak: groups, roles, realm_access.roles; Google Workspace: none by default).
GROUP_CLAIMS = ("groups", "roles", "group", "role")


@dataclass(frozen=True)
class Viewer:
    """The person behind one script run. `user_id` is stable per provider account
    (the `sub` claim, else the email); an anonymous viewer has an empty one."""

    user_id: str = ""
    email: str = ""
    name: str = ""
    is_editor: bool = False
    signed_in: bool = False

    @property
    def label(self) -> str:
        """Who the audit log and the sidebar name: email, else name, else the id."""
        return self.email or self.name or self.user_id or "anonymous"


ANONYMOUS = Viewer()


def parse_editors(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """`"a@x.com, kb-editors"` → `("a@x.com", "kb-editors")`: trimmed, blanks dropped,
    duplicates (ignoring case) dropped, order kept."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    seen: dict[str, str] = {}
    for item in items:
        text = str(item).strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


def claim_values(user_info: Mapping[str, Any]) -> set[str]:
    """Every group or role value the provider sent, case-folded. A claim may be a list,
    a single string, or nested as Keycloak's `realm_access: {roles: [...]}`."""
    values: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str) and value.strip():
            values.add(value.strip().casefold())
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                if isinstance(item, str) and item.strip():
                    values.add(item.strip().casefold())

    for claim in GROUP_CLAIMS:
        add(user_info.get(claim))
    realm = user_info.get("realm_access")
    if isinstance(realm, Mapping):
        add(realm.get("roles"))
    return values


def _text(user_info: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = user_info.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def viewer_from_user(user_info: Mapping[str, Any] | None, editors: str | Iterable[str] | None) -> Viewer:
    """The viewer for one set of claims. Not signed in (no claims, `is_logged_in`
    false, or no subject and no email) is anonymous and never an editor, whatever the
    setting says. An unverified email (`email_verified: false`) does not make an
    editor: anyone can type an address into some providers' sign-up forms. Only the
    `email` claim is matched as an email (not `preferred_username`, which some
    providers let users change)."""
    info = user_info or {}
    if not info.get("is_logged_in"):
        return ANONYMOUS
    email = _text(info, "email")
    user_id = _text(info, "sub", "oid") or email
    if not user_id:
        return ANONYMOUS
    name = _text(info, "name", "given_name", "preferred_username") or email
    allowed = {e.casefold() for e in parse_editors(editors)}
    email_counts = "@" in email and info.get("email_verified") is not False
    by_email = email_counts and email.casefold() in allowed
    by_claim = bool(claim_values(info) & allowed)
    return Viewer(user_id=user_id, email=email, name=name, is_editor=by_email or by_claim, signed_in=True)
