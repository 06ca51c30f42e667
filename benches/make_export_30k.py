#!/usr/bin/env python3
"""Writes a 30,000-row LinkedIn export (LinkedIn's cap) in three real shapes, for the load
benchmark: the current export (UTF-8, preamble), a European-locale re-save (Windows-1252, ';')
and a spreadsheet "Unicode text" save (UTF-16LE with BOM, tabs). Invented people, seeded.

Usage: python3 benches/make_export_30k.py OUT_DIR
"""
import csv
import io
import random
import sys
from pathlib import Path

FIRST = ["Ada", "Björn", "Åsa", "René", "Zoë", "Chloé", "Maja", "Sven", "Olga", "Ines", "Bo", "Edda", "Greta", "Wilma", "Aino"]
LAST = ["Example", "Jarl", "Öberg", "Müller", "Sample", "Ørsted", "Lind", "Tornberg", "Vinter", "Mårtensson", "Castell", "Haddad"]
COMPANIES = ["Acme, Inc.", "Volvo Cars", "Ericsson AB", "Siemens AG", "Initech", "Globex", "Northwind", "Spotify", "Klarna", "H&M"]
POSITIONS = ["Staff Engineer", "Head of Talent", "Recruiter, Tech", "Director", "Senior Analyst", "Engineer, Payments", "Product Manager"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'


def rows(rng):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for i in range(30000):
        date = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2005, 2024)}"
        if rng.random() < 0.028:  # hidden rows, as in real exports
            w.writerow(["", "", "", "", "", "", date])
            continue
        f, l = rng.choice(FIRST), rng.choice(LAST)
        url = f"https://www.linkedin.com/in/{f.lower()}-{l.lower()}-{i:x}"
        w.writerow([f, l, url, "", rng.choice(COMPANIES), rng.choice(POSITIONS), date])
    return out.getvalue()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    text = rows(random.Random(7))
    (out / "Connections.csv").write_text(PREAMBLE + text.rstrip("\n"), encoding="utf-8")
    (out / "cp1252.csv").write_bytes(text.replace(",", ";").encode("cp1252"))
    (out / "utf16.txt").write_bytes(b"\xff\xfe" + text.replace(",", "\t").encode("utf-16-le"))


if __name__ == "__main__":
    main()
