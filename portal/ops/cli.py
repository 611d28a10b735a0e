"""``flask --app wsgi portal …`` commands for running the portal for real."""
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import storage
from portal.extensions import db


def _database_url():
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ddr-portal")
    except PackageNotFoundError:
        return ""


@click.command("check-deploy")
@with_appcontext
def check_deploy():
    """Print what is unsafe in these settings for production; exit 1 if anything is."""
    from portal.ops.checks import UNSAFE, config_problems, live_problems

    problems = config_problems(current_app.config) + live_problems(current_app)
    db.session.remove()
    for problem in problems:
        click.echo(str(problem))
    unsafe = sum(p.level == UNSAFE for p in problems)
    click.echo(f"{unsafe} unsafe, {len(problems) - unsafe} warnings."
               if problems else "No problems found.")
    sys.exit(1 if unsafe else 0)


@click.command("backup")
@click.argument("dest")
@with_appcontext
def backup_command(dest):
    """Write one archive of the database and the uploaded files into DEST (a folder or a file name)."""
    from portal.ops.backup import BackupError, backup
    from portal.ops.databases import ToolMissing

    db.session.remove()
    try:
        path, manifest = backup(_database_url(), storage.get_store(), dest, app_version=_version())
    except (BackupError, ToolMissing, storage.StorageError) as error:
        raise click.ClickException(f"No backup written: {error}") from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"Backup written: {path}")
    click.echo(f"  schema {manifest['schema_revision']}, {len(manifest['tables'])} tables, {rows} rows, "
               f"{len(manifest['files'])} files")
    if manifest["missing_files"]:
        click.echo(f"  WARNING: {len(manifest['missing_files'])} file(s) named by the data were already missing from "
                   f"the file store: {', '.join(manifest['missing_files'][:5])}", err=True)


def _report(differences, success):
    if differences:
        for difference in differences:
            click.echo(f"  DIFFERS {difference}", err=True)
        raise click.ClickException(f"{len(differences)} difference(s) from the backup's manifest.")
    click.echo(success)


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database or file store that is not empty.")
@with_appcontext
def restore_command(archive, force):
    """Restore ARCHIVE into this portal's (empty) database and file store, then check it."""
    from portal.ops.backup import BackupError
    from portal.ops.databases import ToolMissing
    from portal.ops.restore import restore

    db.session.remove()
    db.engine.dispose()  # no pooled connection of ours may hold the database being replaced
    try:
        differences = restore(archive, _database_url(), storage.get_store(), force=force, echo=click.echo)
    except (BackupError, ToolMissing, storage.StorageError) as error:
        raise click.ClickException(f"Not restored: {error}") from None
    _report(differences, "Restored: every table and file matches the backup's manifest.")


@click.command("verify-backup")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--scratch-url", help="An empty database to restore into (default: a throw-away one beside this "
                                    "portal's, removed afterwards).")
@with_appcontext
def verify_backup_command(archive, scratch_url):
    """Restore ARCHIVE into a throw-away database and folder and compare: proof the backup works."""
    from sqlalchemy.exc import SQLAlchemyError

    from portal.ops.backup import BackupError
    from portal.ops.databases import ToolMissing
    from portal.ops.restore import verify_backup

    try:
        differences = verify_backup(archive, _database_url(), scratch_url=scratch_url, echo=click.echo)
    except (BackupError, ToolMissing) as error:
        raise click.ClickException(f"Not verified: {error}") from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"Not verified: could not use a throw-away database ({type(error).__name__}); "
                                   "the account needs CREATEDB, or give --scratch-url.") from None
    _report(differences, "Backup verified: it restores, and every table and file matches its manifest.")


@click.command("audit-archive")
@click.option("--before", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Move entries older than this date (default: PORTAL_AUDIT_RETENTION_DAYS ago).")
@with_appcontext
def audit_archive_command(before):
    """Move old history entries to a compressed archive in the file store (restorable)."""
    from portal.ops import audit_archive

    try:
        record = audit_archive.archive(before.date() if before else None)
    except (audit_archive.ArchiveError, storage.StorageError) as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing archived: {error}") from None
    if record is None:
        click.echo("No history entries that old; nothing archived.")
        return
    click.echo(f"Archived {record.entries} history entries before {record.older_than:%Y-%m-%d} to {record.key} "
               f"(SHA-256 {record.sha256}); restore them with: portal audit-restore {record.key}")


@click.command("audit-restore")
@click.argument("archive")
@with_appcontext
def audit_restore_command(archive):
    """Put the entries of ARCHIVE (a stored key audit/… or a local .jsonl.gz file) back into the history."""
    import os

    from portal.ops import audit_archive

    source = archive
    if os.path.isfile(archive):
        with open(archive, "rb") as fh:
            source = fh.read()
    try:
        restored = audit_archive.restore(source)
    except (audit_archive.ArchiveError, storage.StorageError, OSError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing restored: {error}") from None
    click.echo(f"Restored {restored} history entries.")


COMMANDS = (check_deploy, backup_command, restore_command, verify_backup_command, audit_archive_command,
            audit_restore_command)
