"""Reports: notebooks executed with papermill and exported to self-contained HTML.

``engine`` runs one notebook and writes its page atomically with its provenance;
``display`` is what notebooks call to show headings, charts and tables; ``opendata``
describes a report's CSV files as a Frictionless Data Package; ``index`` writes the landing
page of the reports folder; ``jobs`` turns ``labmetrics report ...`` into rendered reports.
"""
