"""``flask --app wsgi portal …`` commands."""
import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, Street, User

portal_cli = AppGroup("portal", help="Set up and look after the portal.")


@portal_cli.command("init-db")
def init_db():
    """Bring the database schema up to date and add the standard reference data."""
    from portal.services.reference import ensure_reference_data

    upgrade(directory=current_app.extensions["migrate"].directory)
    added = ensure_reference_data()
    db.session.commit()
    click.echo(f"Database is up to date; {added} reference entries added.")


@portal_cli.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--street", "street_code", help="Street code (required for staff).")
@click.option("--display-name", default="", help="Name shown in the portal.")
@click.password_option(help="Prompted for when not given.")
def create_user(username, role, street_code, display_name, password):
    """Create an account (the password is asked for twice, never echoed)."""
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"User {username!r} already exists.")
    street = None
    if street_code:
        street = db.session.scalar(select(Street).where(Street.code == street_code))
        if street is None:
            raise click.ClickException(f"No street with code {street_code!r}.")
    if role == Role.STAFF and street is None:
        raise click.ClickException("Staff accounts need --street CODE.")
    from flask_babel import force_locale

    from portal.auth.passwords import password_problem

    with force_locale("en"):  # the command line speaks English
        problem = password_problem(password, username=username, display_name=display_name)
    if problem:
        raise click.ClickException(problem)
    user = User(username=username, role=role, street=street if role == Role.STAFF else None,
                display_name=display_name or username)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} account {username!r}.")


@portal_cli.command("seed-demo")
@click.option("--force", is_flag=True, help="Add demo data even if the database has records.")
def seed_demo(force):
    """Load realistic demo data into an empty database and print the demo logins."""
    from portal.demo import DEMO_PASSWORD, DEMO_USERS, database_is_empty, load_demo_data
    from portal.services.reference import ensure_reference_data

    ensure_reference_data()
    db.session.commit()
    if not force and not database_is_empty():
        click.echo("The database already has records; demo data not loaded (use --force to add it anyway).")
        return
    counts = load_demo_data()
    db.session.commit()
    click.echo("Demo data loaded: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    click.echo(f"Demo logins (password {DEMO_PASSWORD!r} for all):")
    for username, role, description in DEMO_USERS:
        click.echo(f"  {username:<12} {role:<8} {description}")


@portal_cli.command("seed-content")
@click.option("--draft", is_flag=True, help="Add them as drafts, to review before publishing.")
def seed_content(draft):
    """Add the standard procedures, rules and answers that are missing, in three languages."""
    from portal.models.content import EntryStatus
    from portal.services.content.library import load_standard_content
    from portal.services.reference import ensure_reference_data

    ensure_reference_data()
    added = load_standard_content(EntryStatus.DRAFT if draft else EntryStatus.PUBLISHED)
    db.session.commit()
    click.echo(f"{added} standard content entries added.")


@portal_cli.command("screening-deadlines")
def screening_deadlines():
    """Record the response deadlines of open leads that have passed (run it from cron, e.g. every 10 minutes)."""
    from portal.services.screening.leads import record_missed_deadlines

    count = record_missed_deadlines()
    db.session.commit()
    click.echo(f"{count} missed deadlines recorded.")


@portal_cli.command("reindex-search")
def reindex_search():
    """Write the search terms of every case and mediator again (after rows were loaded in bulk,
    or after PORTAL_SEARCH_KEY or the secret key changed: ID numbers and phones are keyed hashes)."""
    from portal.services.search import reindex

    count = reindex(db.session.connection())
    db.session.commit()
    click.echo(f"{count} records indexed for search.")


def init_app(app):
    from portal.benchmarks.lists import bench_command
    from portal.ops.cli import COMMANDS as OPS_COMMANDS

    portal_cli.add_command(bench_command)
    for command in OPS_COMMANDS:
        portal_cli.add_command(command)
    app.cli.add_command(portal_cli)
