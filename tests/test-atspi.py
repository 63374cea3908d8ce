#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader hears (#16): Sesame's window read through AT-SPI, as
Orca reads it, from another process.

    test-atspi.py SESAME_DEMO

Starts sesame-demo (the real window, with demo accounts in a keyring schema
of its own) with GTK's AT-SPI backend, finds it on the accessibility bus and
checks the names and descriptions assistive technologies get: rows named
"ISSUER, ACCOUNT" and describing their code, buttons that name their
account, mnemonic buttons named once without the underscore, the search entry
named, and countdowns that do not rename themselves every second. TAP output.
"""
import os
import subprocess
import sys
import tempfile
import time

# libatspi warns about every application without a cache (GTK 4 has none):
# not fatal here, as the suite's G_DEBUG would make it. The demo keeps it.
DEMO_G_DEBUG = os.environ.get("G_DEBUG")
if "fatal-warnings" in os.environ.get("G_DEBUG", ""):
    os.environ["G_DEBUG"] = "gc-friendly"
    os.environ["SESAME_DEMO_G_DEBUG"] = DEMO_G_DEBUG
    os.execv(sys.executable, [sys.executable] + sys.argv)

import pyatspi  # noqa: E402
from gi.repository import GLib  # noqa: E402

results = []


def check(ok, what, detail=""):
    results.append((bool(ok), what, detail))
    return ok


def find_app(timeout=60):
    """The demo's accessible application, once it is on the bus."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name and "sesame" in app.name.lower():
                # Its window and rows, once they exist.
                rows = pyatspi.findAllDescendants(app, is_row)
                if rows:
                    return app
        time.sleep(0.5)
    return None


def is_row(acc):
    return acc is not None and acc.getRole() == pyatspi.ROLE_LIST_ITEM and bool(acc.name)


def is_button(acc):
    return acc is not None and acc.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)


def doubled(name):
    """ "_Add Add": the label with its underscore, then without. """
    if "_" not in name:
        return False
    for i, c in enumerate(name):
        if c == " " and name[:i].replace("_", "") == name[i + 1:]:
            return True
    return False


def main():
    demo = sys.argv[1]
    env = dict(os.environ)
    env["GTK_A11Y"] = "atspi"
    env.pop("NO_AT_BRIDGE", None)
    if "SESAME_DEMO_G_DEBUG" in env:
        env["G_DEBUG"] = env.pop("SESAME_DEMO_G_DEBUG")
    # Its output in a file, not on our stdout: meson waits for that to close.
    log = tempfile.TemporaryFile()
    for args, checks in (([demo, "--seed"], run_checks),
                         ([demo, "--seed", "--screen", "add"], run_dialog_checks)):
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            checks()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if not all(ok for ok, _, _ in results):
        log.seek(0)
        results.append((True, "sesame-demo's output", log.read().decode(errors="replace")[-3000:]))

    print("1..%d" % len(results))
    for i, (ok, what, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
        if detail:
            for line in detail.splitlines():
                print("# " + line)
    return 0 if all(ok for ok, _, _ in results) else 1


def chain(acc):
    out = []
    while acc is not None and len(out) < 8:
        out.append("%s:%s:%s" % (acc.getRoleName(), acc.name, acc.getIndexInParent()))
        acc = acc.parent
    return " < ".join(out)


def named_after_class(app):
    """What GTK names "GtkImage" and the like when nothing better is set."""
    return [(a.getRoleName(), a.name, chain(a))
            for a in pyatspi.findAllDescendants(app, lambda a: a is not None and a.getRole() in
                                                (pyatspi.ROLE_IMAGE, pyatspi.ROLE_ICON, pyatspi.ROLE_PUSH_BUTTON,
                                                 pyatspi.ROLE_TOGGLE_BUTTON))
            if a.name and a.name.startswith("Gtk")]


def run_dialog_checks():
    """The add dialog (Ctrl+N) over the window: the key's eye is named, and
    its mnemonic buttons once."""
    app = find_app()
    if not check(app is not None, "the add dialog's app is on the accessibility bus"):
        return
    end = time.monotonic() + 60
    dialog = None
    while dialog is None and time.monotonic() < end:
        dialog = next((c for c in app if c is not None and c.name == "Add Account"), None)
        if dialog is None:
            time.sleep(0.5)
    if not check(dialog is not None, "the add dialog is in the tree",
                 "app children: %s" % [(c.getRoleName(), c.name) for c in app]):
        return
    bad = named_after_class(app)
    check(not bad, "nothing in the add dialog is named after its class (the key's eye)", "bad: %s" % bad)
    buttons = pyatspi.findAllDescendants(dialog, is_button)
    doubled_names = [b.name for b in buttons if b.name and doubled(b.name)]
    check(buttons and not doubled_names, "the add dialog's buttons are named once", "bad: %s" % doubled_names)


def run_checks():
    app = find_app()
    if not check(app is not None, "the window is on the accessibility bus"):
        return

    bad = named_after_class(app)
    check(not bad, "nothing in the window is named after its class (the favourite star)", "bad: %s" % bad)

    rows = pyatspi.findAllDescendants(app, is_row)
    names = [r.name for r in rows]
    github = [r for r in rows if r.name == "GitHub, octocat"]
    check(github, "the GitHub row is named \"GitHub, octocat\"", "rows: %s" % names)
    if github:
        desc = github[0].description or ""
        check(desc.startswith("Code ") and any(c.isdigit() for c in desc),
              "the row describes its code", "description: %r" % desc)
        buttons = {b.name for b in pyatspi.findAllDescendants(github[0], is_button)}
        check("Copy code for GitHub, octocat" in buttons, "its copy button names the account",
              "buttons: %s" % sorted(buttons))
        check("Details of GitHub, octocat" in buttons, "its details button names the account",
              "buttons: %s" % sorted(buttons))
    check(all(n and not n.startswith("Gtk") for n in names), "no row is unnamed or named after its class",
          "rows: %s" % names)

    # (The search bar is closed: its entry is in the tree, not showing.)
    entries = pyatspi.findAllDescendants(app, lambda a: a is not None and a.getRole() in
                                         (pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT))
    entry_names = [e.name for e in entries]
    check("Search accounts" in entry_names, "the search entry is named", "entries: %s" % entry_names)

    # Mnemonic buttons are named once, without the underscore: GTK 4.8 names
    # them "_Add Add". All of them: GTK 4.8 marks the buttons of hidden
    # pages visible too (and none "showing"), so a screen reader may land on
    # any.
    buttons = pyatspi.findAllDescendants(app, is_button)
    bad = [b.name for b in buttons if not b.name or b.name.startswith("Gtk") or doubled(b.name)]
    check(buttons and not bad, "buttons are named, once, without the mnemonic's underscore",
          "bad: %s\nall: %s" % (bad, sorted(b.name for b in buttons)))

    # Countdowns: a fixed name, and no renaming while the seconds pass.
    bars = pyatspi.findAllDescendants(app, lambda a: a is not None and a.getRole() == pyatspi.ROLE_PROGRESS_BAR)
    check(bars and all(b.name == "Time left before the code changes" for b in bars),
          "countdowns have one fixed name", "names: %s" % sorted({b.name for b in bars}))

    changes = []

    def on_change(event):
        try:
            if event.source is not None and event.source.getRole() == pyatspi.ROLE_PROGRESS_BAR:
                changes.append(event.type)
        except Exception:
            pass

    pyatspi.Registry.registerEventListener(on_change, "object:property-change:accessible-name",
                                           "object:property-change:accessible-description")
    # Three ticks of the clock at least; a slow machine can only see fewer.
    GLib.timeout_add(3500, lambda: pyatspi.Registry.stop() or False)
    pyatspi.Registry.start()
    pyatspi.Registry.deregisterEventListener(on_change, "object:property-change:accessible-name",
                                             "object:property-change:accessible-description")
    check(not changes, "countdowns are not renamed as the seconds pass",
          "%d name/description changes from countdowns in 3.5 s" % len(changes))


if __name__ == "__main__":
    sys.exit(main())
