"""The reports: the annual summary report in Word (Nghị định 30/2020/NĐ-CP format) and Word briefs.

The annual report is assembled from section providers (`doingoai.reports.registry`); each figure
carries its sources, written beside the .docx as a .sources.json file.
"""
