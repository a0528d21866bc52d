"""Runs bench/pairs.sql over a JSON Lines corpus with DuckDB and prints the pair counts.

usage: duckdb_pairs.py CORPUS [--dump FILE]

With --dump, writes {"conflict": [claims...], "negation": [claims...]} (every claim in a pair of
each kind, sorted; a derived claim under the name of the claim it comes from) for comparison
with claimlint's findings.
"""
import json
import pathlib
import sys

import duckdb


def main() -> int:
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = pathlib.Path(args[0])
    dump = args[args.index("--dump") + 1] if "--dump" in args else None
    sql = (pathlib.Path(__file__).parent / "pairs.sql").read_text()
    sql = sql.replace("{claims}", str(corpus / "claims" / "reports" / "*.jsonl"))
    sql = sql.replace("{entities}", str(corpus / "claims" / "entities.jsonl"))
    con = duckdb.connect()
    con.execute(sql)
    counts = {k: con.execute(f"SELECT count(*) FROM {k}").fetchone()[0] for k in ("conflict", "negation")}
    claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    print(f"{claims} claims, {counts['conflict']} conflict pairs, {counts['negation']} negation pairs")
    if dump:
        out = {}
        for k in ("conflict", "negation"):
            rows = con.execute(f"SELECT a FROM {k} UNION SELECT b FROM {k} ORDER BY 1").fetchall()
            out[k] = [r[0] for r in rows]
        pathlib.Path(dump).write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
