"""A browser's User-Agent string, told the way a person reads it ("Chrome · Android").

The sign-in log shows this summary rather than the raw header, which is technical text full of
version tokens and which any client can fill with anything.
"""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and WeChat's
# in-app browser says all of them.
BROWSERS = (
    ("MicroMessenger/", _l("WeChat")), ("Edg/", "Edge"), ("EdgA/", "Edge"), ("OPR/", "Opera"),
    ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("HarmonyOS", "HarmonyOS"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
    ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"),
)


def _first(agent, table):
    return next((str(name) for token, name in table if token in agent), None)


def summary(agent):
    """"Browser · system" for a known browser, else a translated "Other browser"."""
    agent = agent or ""
    browser, system = _first(agent, BROWSERS), _first(agent, SYSTEMS)
    if browser is None:
        return gettext("Other browser")
    return f"{browser} · {system}" if system else browser
