"""``transcoda``: the command line, on the same services as the desktop app.

Every command that changes a project is one operation (one transaction, one undo step);
errors go to stderr with a non-zero exit status and leave the project as it was.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from models import offline_env

# First, before any command imports a dependency that could report home.
offline_env.disable()

from app.cli import (  # noqa: E402
    analysis_commands,
    backup_commands,
    codebook_commands,
    coding_commands,
    export_commands,
    import_commands,
    interop_commands,
    privacy_commands,
    project_commands,
    team_commands,
    transcription_commands,
)

Handler = Callable[[argparse.Namespace], int]

MODULES = (
    project_commands,
    import_commands,
    codebook_commands,
    coding_commands,
    export_commands,
    backup_commands,
    interop_commands,
    analysis_commands,
    privacy_commands,
    team_commands,
    transcription_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transcoda",
        description="Offline qualitative interview research: transcribe, code, compare, export.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the real command (tests pass argv and keep their own umask)
        from models.private_files import restrict_umask

        # Everything this process writes is owner-only, also what libraries write.
        restrict_umask()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    from coding.errors import TranscodaError
    from coding.importers.errors import ImportFormatError
    from models.progress import Cancelled
    from transcription.audio import AudioError
    from transcription.model_store import ModelError

    try:
        return handler(args)
    except (TranscodaError, ImportFormatError, AudioError, ModelError) as error:
        print(f"transcoda: error: {error}", file=sys.stderr)
        return 1
    except Cancelled:
        print("transcoda: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("transcoda: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away; stop quietly, as Unix tools do.
        sys.stderr.close()
        return 141


if __name__ == "__main__":
    sys.exit(main())
