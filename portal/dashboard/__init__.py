"""The dashboards: the coordinator's whole region on one page, and a smaller version for
each employer. Figures come from each app's selectors; this package turns them into tables
(``portal.tables``), draws charts from those tables (``charts``) and writes them out as CSV
and XLSX through the portal's one export path (``portal.exports``)."""
