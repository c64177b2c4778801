"""RC209 public-storage-bucket: a Supabase storage bucket made public although it holds user
uploads."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable

from readycheck.analysis.data import parse_toml
from readycheck.analysis.js import arguments, callee_name, line_of
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.names import words
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import is_test_path

# Bucket names that say the files are meant to be public.
PUBLIC_WORDS = frozenset(
    {
        "avatar",
        "avatars",
        "public",
        "assets",
        "asset",
        "logo",
        "logos",
        "static",
        "images",
        "image",
        "img",
        "thumbnails",
        "thumbnail",
        "banners",
        "banner",
        "icons",
        "covers",
        "cover",
        "products",
        "product",
        "blog",
        "marketing",
        "media",
        "photos",
        "gallery",
        "og",
    }
)
# Bucket names that say the files are private to a user.
PRIVATE_WORDS = frozenset(
    {
        "uploads",
        "upload",
        "documents",
        "document",
        "docs",
        "files",
        "file",
        "attachments",
        "attachment",
        "private",
        "receipts",
        "invoices",
        "contracts",
        "kyc",
        "identity",
        "ids",
        "passports",
        "statements",
        "exports",
        "backups",
        "reports",
        "resumes",
        "cv",
        "medical",
        "records",
        "user",
        "users",
        "chat",
        "messages",
        "recordings",
        "audio",
        "payslips",
        "tax",
    }
)


class PublicStorageBucket(Check):
    """
    ## What it does

    Finds Supabase storage buckets created public (`insert into storage.buckets (..., public)
    values (..., true)` in a migration, `[storage.buckets.<name>] public = true` in
    `supabase/config.toml`, or `supabase.storage.createBucket(name, { public: true })`) whose
    name says they hold users' files: uploads, documents, attachments, receipts, invoices,
    exports, recordings. Buckets named for public assets (avatars, images, logos, public)
    are not reported; other public buckets are reported with medium confidence.

    ## Why is this bad?

    A public bucket serves every file to anyone with its URL, with no row-level security check
    on `storage.objects`. File paths are easy to guess or leak (`<user id>/invoice.pdf`), so a
    user's private documents become downloadable by anyone.

    ## Example

    ```sql
    insert into storage.buckets (id, name, public) values ('documents', 'documents', true);
    ```

    ## Use instead

    Keep the bucket private, add `storage.objects` policies on `auth.uid()`, and hand out
    short-lived signed URLs (`createSignedUrl`):

    ```sql
    insert into storage.buckets (id, name, public) values ('documents', 'documents', false);
    create policy "own files" on storage.objects for select
      using (bucket_id = 'documents' and (storage.foldername(name))[1] = auth.uid()::text);
    ```

    ## References

    - [Supabase Storage: Public buckets](https://supabase.com/docs/guides/storage/buckets/fundamentals#public-buckets)
    - [Supabase Storage: Access control](https://supabase.com/docs/guides/storage/security/access-control)
    - [OWASP A01:2021 Broken Access Control](https://owasp.org/Top10/A01_2021-Broken_Access_Control/)
    - [CWE-552: Files or Directories Accessible to External Parties](https://cwe.mitre.org/data/definitions/552.html)
    """

    id = "RC209"
    name = "public-storage-bucket"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A Supabase storage bucket holding users' files is public."
    owasp = ("A01:2021", "A01:2025")
    cwe = ("CWE-552", "CWE-284")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per public bucket whose name is not a public-asset name."""
        buckets: list[tuple[str, str, int]] = [
            (b.name, b.path, b.line) for b in ctx.models.database.buckets.values() if b.public
        ]
        ctx.note_unchecked(ctx.models.database.not_checked)
        for source in ctx.repo.files:
            if source.path == "supabase/config.toml" or source.path.endswith("/supabase/config.toml"):
                try:
                    storage = parse_toml(source.text).get("storage", {})
                except tomllib.TOMLDecodeError:
                    ctx.skip_file(source.path, "TOML could not be parsed; storage buckets in it not checked")
                    continue
                configured = storage.get("buckets", {}) if isinstance(storage, dict) else {}
                for name, settings in (configured or {}).items():
                    if isinstance(settings, dict) and settings.get("public") is True:
                        line = next(
                            (
                                i
                                for i, text in enumerate(source.lines, 1)
                                if text.strip() == f"[storage.buckets.{name}]"
                            ),
                            1,
                        )
                        buckets.append((name, source.path, line))
        for path, module in ctx.models.js.modules.items():
            if is_test_path(path):
                continue
            for call in module.root.find_all(kind="call_expression"):
                if callee_name(call) != "createBucket":
                    continue
                args = arguments(call)
                name = js_string(args[0]) if args else None
                if name is None or len(args) < 2:
                    continue
                if any(
                    (key := pair.field("key")) is not None
                    and key.text() == "public"
                    and (value := pair.field("value")) is not None
                    and value.text() == "true"
                    for pair in args[1].find_all(kind="pair")
                ):
                    buckets.append((name, path, line_of(call)))
        if not buckets and not ctx.models.database.buckets:
            raise NotApplicable("no storage buckets created in the repository")
        for name, path, line in buckets:
            parts = words(name.replace("-", "_"))
            if ctx.policy.is_public_table(f"storage.{name}"):
                continue
            private = bool(parts & PRIVATE_WORDS)
            if parts & PUBLIC_WORDS and not private:
                continue
            yield ctx.finding(
                path=path,
                line=line,
                message=(
                    f"Storage bucket '{name}' is public: anyone with a file's URL can download it, with no "
                    "row-level security check. Make it private, add storage.objects policies on auth.uid() and "
                    "use signed URLs."
                ),
                confidence=Confidence.HIGH if private else Confidence.MEDIUM,
                severity=Severity.HIGH if private else Severity.MEDIUM,
                key=f"bucket {name}",
            )
