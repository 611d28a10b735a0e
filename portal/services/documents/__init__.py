"""The standard mediation documents (統一格式的調解文書) made from a case, and the bound dossier.

- ``catalog``: which documents there are, for which cases and records, where each is bound;
- ``context``: the placeholders' values, from the case (Simplified Chinese, masked when asked);
- ``standard`` and ``builder``: the standard Word templates, after the Ministry of Justice formats;
- ``templates``: the district's versions of them (upload, check, publish, restore);
- ``render``: a template filled as DOCX, read back as HTML (``docx_html``) and laid out as PDF;
- ``dossier``: the whole dossier as one numbered PDF with the scans;
- ``specimen``: a complete case never saved, to try templates on.
"""
