"""Importing the offices' spreadsheet ledgers (台帳): committees, mediators, cases, training
attendance, grids, partner bodies and liaison points.

- ``kinds``: what each kind of record declares (columns, natural key, rules);
- ``reading``: XLSX (read-only) and CSV (UTF-8 or GBK) row by row;
- ``values`` and ``refs``: how cells are read and records named in them are found;
- ``engine``: one pass that checks (and, saving, applies) every row;
- ``batches``: upload → preview → save, safe against stale and duplicate saves;
- ``template``: the XLSX template of each kind.
"""
