"""Static files storage: WhiteNoise's compressed, hashed files, forgiving before collectstatic.

Production runs `neuewege collectstatic` (deploy/README.md) and gets hashed names from the
manifest. A process with DEBUG off that has no collected files (a benchmark, a command
rendering a template on a developer's machine) gets the plain name instead of an error.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:  # not collected: no file to hash (collectstatic uses _stored_name)
            return name
