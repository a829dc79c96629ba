#!/usr/bin/env python3
"""Builds a man page from a program's --help text with help2man, then gzips it reproducibly.

    make_man.py --program build/bin/salesim --name "..." --version 0.1.0 \
        --include packaging/man/salesim.h2m --subcommands --out build/man/salesim.1.gz

--subcommands adds a COMMANDS section with `PROGRAM CMD --help` of every command that
`PROGRAM --help` lists under "commands:", so the page covers every option of every command.
The page's date is $SOURCE_DATE_EPOCH when set (the build passes the commit time).
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile


def roff(text):
    """Escapes plain text for roff: backslashes, hyphens and leading control characters."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line[:1] in (".", "'") else line for line in text.split("\n"))


def help_text(program, *args):
    return subprocess.run([program, *args, "--help"], check=True, capture_output=True, text=True).stdout


def commands(program):
    """The command names listed under "commands:" in PROGRAM --help."""
    names, inside = [], False
    for line in help_text(program).splitlines():
        if line.strip() == "commands:":
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            names.append(line.split()[0])
    return names


def command_section(program, name):
    """One command's --help as roff: description paragraphs, examples as literal blocks, options as
    a tagged list (Boost.Program_options layout: "  -n [ --long ] arg   text" plus continuations)."""
    lines = help_text(program, name).rstrip("\n").split("\n")
    out = [".SS " + roff(lines[0].strip())]
    para, literal, in_options = [], False, False
    def flush():
        if para:
            out.extend([".PP", roff(" ".join(para))])
            para.clear()
    for line in lines[1:]:
        if in_options:
            m = re.match(r"^  ((?:-\w \[ --[\w-]+ \]|--[\w-]+|-\w)(?: arg)?)(?:\s+(.*))?$", line)
            if m:
                out.extend([".TP", "\\fB" + roff(m.group(1).strip()) + "\\fR"])
                if m.group(2):
                    out.append(roff(m.group(2)))
            elif line.strip():
                out.append(roff(line.strip()))
            continue
        if line.strip() in ("Options:",):
            flush()
            if literal:
                out.append(".fi")
                literal = False
            out.extend([".PP", "Options:"])
            in_options = True
        elif line.startswith("  "):
            flush()
            if not literal:
                out.extend([".PP", ".nf"])
                literal = True
            out.append(roff(line))
        elif not line.strip():
            flush()
            if literal:
                out.append(".fi")
                literal = False
        else:
            if literal:
                out.append(".fi")
                literal = False
            para.append(line.strip())
    flush()
    if literal:
        out.append(".fi")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--help2man", default="help2man")
    ap.add_argument("--program", required=True)
    ap.add_argument("--name", required=True, help="the one-line NAME description")
    ap.add_argument("--version", required=True)
    ap.add_argument("--include", action="append", default=[])
    ap.add_argument("--subcommands", action="store_true")
    ap.add_argument("--out", required=True, help="FILE.1.gz")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        includes = []
        if a.subcommands:
            extra = os.path.join(tmp, "commands.h2m")
            with open(extra, "w") as f:
                f.write("[COMMANDS]\n")
                f.write("\n".join(command_section(a.program, c) for c in commands(a.program)) + "\n")
            includes.append(extra)
        includes += a.include  # help2man places extra sections in the order it reads them
        page = os.path.join(tmp, "page.1")
        cmd = [a.help2man, "--no-info", "--no-discard-stderr", "--section=1", "--name=" + a.name,
               "--version-string=" + a.version, "--output=" + page]
        for inc in includes:
            cmd.append("--include=" + inc)
        cmd.append(a.program)
        subprocess.run(cmd, check=True)
        with open(page, "rb") as f:
            data = f.read()
    # mtime 0 and no file name in the header: the same page gives the same bytes.
    with open(a.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as z:
        z.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
